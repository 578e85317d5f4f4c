package io.github.mqttkafkabridge.bridge.rule.udf;

import com.fasterxml.jackson.databind.node.BooleanNode;

/** {@code RULE_IN(value, candidate...)}: true when the value equals one candidate. */
public final class RuleIn extends RuleValueFunction {
    public String eval(String... args) {
        return apply(args, a -> {
            for (int i = 1; i < a.length; i++) {
                if (RuleCompare.compare("=", a[0], a[i])) {
                    return BooleanNode.TRUE;
                }
            }
            return BooleanNode.FALSE;
        });
    }
}
