package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.RuleValueSerializer;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;

/**
 * {@code RULE_AND(a, b)}, {@code RULE_OR(a, b)}, {@code RULE_NOT(a)}: only JSON {@code true} is true; {@code NOT}
 * of a value that is not a boolean (undefined too) is false, as in EMQX.
 */
public final class RuleLogic extends RuleValueFunction {
    private final String operator;

    public RuleLogic(String operator) {
        this.operator = operator;
    }

    public @DataTypeHint(value = "RAW", bridgedTo = Object.class, rawSerializer = RuleValueSerializer.class) Object eval(@DataTypeHint(inputGroup = InputGroup.ANY) Object... args) {
        return apply(operator, args, a -> {
            switch (operator) {
                case "and":
                    return BooleanNode.valueOf(isTrue(a[0]) && isTrue(a[1]));
                case "or":
                    return BooleanNode.valueOf(isTrue(a[0]) || isTrue(a[1]));
                default:
                    return BooleanNode.valueOf(a[0] != null && a[0].isBoolean() && !a[0].booleanValue());
            }
        });
    }

    static boolean isTrue(JsonNode node) {
        return node != null && node.isBoolean() && node.booleanValue();
    }
}
