package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.UndefinedElement;
import io.github.mqttkafkabridge.bridge.value.RuleValueSerializer;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;

import com.fasterxml.jackson.databind.node.ArrayNode;

/** {@code RULE_ARRAY(e...)}: an array literal; an undefined element is JSON null that coalesce knows as undefined. */
public final class RuleArray extends RuleValueFunction {
    public @DataTypeHint(value = "RAW", bridgedTo = Object.class, rawSerializer = RuleValueSerializer.class) Object eval(@DataTypeHint(inputGroup = InputGroup.ANY) Object... args) {
        return apply("[...]", args, a -> {
            ArrayNode array = Json.NODES.arrayNode();
            for (var element : a) {
                array.add(element == null ? UndefinedElement.INSTANCE : element);
            }
            return array;
        });
    }
}
