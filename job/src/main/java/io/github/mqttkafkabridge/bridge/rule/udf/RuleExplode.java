package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.JsonText;
import io.github.mqttkafkabridge.bridge.value.RuleError;
import io.github.mqttkafkabridge.bridge.value.RuleValueSerializer;
import io.github.mqttkafkabridge.bridge.value.RuleValues;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.annotation.InputGroup;
import org.apache.flink.table.functions.TableFunction;

/**
 * {@code RULE_EXPLODE(array)}: one row per element, for FOREACH. A string holding a JSON array is decoded first;
 * anything else that is not an array gives no rows, as in EMQX; an error gives one error row, which fails the
 * message.
 */
@FunctionHint(output = @DataTypeHint(value = "RAW", bridgedTo = Object.class, rawSerializer = RuleValueSerializer.class))
public final class RuleExplode extends TableFunction<Object> {

    public void eval(@DataTypeHint(inputGroup = InputGroup.ANY) Object array) {
        if (array == null) {
            return;
        }
        if (array instanceof RuleError) {
            collect(array);
            return;
        }
        JsonNode node = RuleValues.of(array);
        if (node.isTextual()) {
            JsonNode decoded = node instanceof JsonText text ? text.container() : JsonText.containerIn(node.textValue());
            node = decoded == null ? node : decoded;
        }
        if (!node.isArray()) {
            return;
        }
        for (JsonNode element : node) {
            collect(element);
        }
    }
}
