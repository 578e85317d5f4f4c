package io.github.mqttkafkabridge.bridge.rule.udf;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code RULE_REPUBLISHED_BY(pub_props, rule_id)}: whether an MQTT message carries the user property the bridge's
 * republish stamps ({@link #USER_PROPERTY}) with this rule's id, i.e. the rule published it itself. Rules skip such
 * messages, as EMQX does, so a rule that republishes into its own topic filter does not loop.
 */
public final class RuleRepublishedBy extends ScalarFunction {
    /** The user property a republish adds: the id of the rule that published the message. */
    public static final String USER_PROPERTY = "bridge-republished-by";

    public Boolean eval(String pubProps, String ruleId) {
        if (pubProps == null || !pubProps.contains(USER_PROPERTY)) {
            return false;
        }
        JsonNode props = Json.tryParse(pubProps);
        if (props == null) {
            return false;
        }
        // Pairs as the MQTT source writes them: [{"key": ..., "value": ...}, ...], in order.
        for (JsonNode pair : props.path("User-Property-Pairs")) {
            if (USER_PROPERTY.equals(pair.path("key").asText(null)) && ruleId.equals(pair.path("value").asText(null))) {
                return true;
            }
        }
        return false;
    }
}
