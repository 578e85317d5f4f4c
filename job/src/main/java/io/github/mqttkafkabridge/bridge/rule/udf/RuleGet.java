package io.github.mqttkafkabridge.bridge.rule.udf;

import java.util.Arrays;

/** {@code RULE_GET(value, step...)}: EMQX path lookup; the strict variant fails on a non-JSON payload. */
public final class RuleGet extends RuleValueFunction {
    private final boolean strict;

    public RuleGet(boolean strict) {
        this.strict = strict;
    }

    public String eval(String... args) {
        return apply(args, a -> PathWalker.walk(a[0], Arrays.copyOfRange(a, 1, a.length), strict));
    }
}
