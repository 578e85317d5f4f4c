package io.github.mqttkafkabridge.bridge.rule.udf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;

/** {@code RULE_AND(a, b)}, {@code RULE_OR(a, b)}, {@code RULE_NOT(a)}: only JSON {@code true} is true. */
public final class RuleLogic extends RuleValueFunction {
    private final String operator;

    public RuleLogic(String operator) {
        this.operator = operator;
    }

    public String eval(String... args) {
        return apply(args, a -> {
            switch (operator) {
                case "and":
                    return BooleanNode.valueOf(isTrue(a[0]) && isTrue(a[1]));
                case "or":
                    return BooleanNode.valueOf(isTrue(a[0]) || isTrue(a[1]));
                default:
                    return BooleanNode.valueOf(!isTrue(a[0]));
            }
        });
    }

    static boolean isTrue(JsonNode node) {
        return node != null && node.isBoolean() && node.booleanValue();
    }
}
