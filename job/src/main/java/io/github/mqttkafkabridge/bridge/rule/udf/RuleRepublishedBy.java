package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.EventSchema;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code RULE_REPUBLISHED_BY(pub_props, rule_id)}: whether an MQTT message carries the user property the bridge's
 * republish stamps ({@link EventSchema#REPUBLISHED_BY}) with this rule's id, i.e. the rule published it itself.
 * Rules skip such messages, as EMQX does, so a rule that republishes into its own topic filter does not loop.
 */
public final class RuleRepublishedBy extends ScalarFunction {

    public Boolean eval(@DataTypeHint(inputGroup = InputGroup.ANY) Object pubProps, String ruleId) {
        if (!(pubProps instanceof JsonNode props)) {
            return false;
        }
        // Pairs as the MQTT source writes them: [{"key": ..., "value": ...}, ...], in order.
        for (JsonNode pair : props.path("User-Property-Pairs")) {
            if (EventSchema.REPUBLISHED_BY.equals(pair.path("key").asText(null))
                    && ruleId.equals(pair.path("value").asText(null))) {
                return true;
            }
        }
        return false;
    }
}
