package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RuleValueSerializer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code RULE_METADATA(rule_id)}: EMQX's {@code metadata} column, {@code {"rule_id": ...}}. The object is made once
 * per call site (its argument is the rule's constant id) and shared by every message: values never change once
 * made.
 */
public final class RuleMetadata extends ScalarFunction {
    private transient String ruleId;
    private transient ObjectNode metadata;

    public @DataTypeHint(value = "RAW", bridgedTo = Object.class, rawSerializer = RuleValueSerializer.class) Object eval(
            String id) {
        if (!id.equals(ruleId)) {
            metadata = Json.NODES.objectNode().put("rule_id", id);
            ruleId = id;
        }
        return metadata;
    }
}
