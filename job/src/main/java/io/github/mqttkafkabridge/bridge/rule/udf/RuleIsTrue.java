package io.github.mqttkafkabridge.bridge.rule.udf;

import org.apache.flink.table.functions.ScalarFunction;

/** {@code RULE_TRUE(value)}: SQL boolean for WHERE and CASE; errors and non-booleans are false. */
public final class RuleIsTrue extends ScalarFunction {
    public Boolean eval(String value) {
        return "true".equals(value);
    }
}
