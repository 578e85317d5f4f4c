package io.github.mqttkafkabridge.bridge.rule.udf;

import org.apache.flink.table.functions.ScalarFunction;

/** {@code RULE_OK(output)}: whether a rule output was produced without an evaluation error. */
public final class RuleIsOk extends ScalarFunction {
    public Boolean eval(String value) {
        return value != null && !Json.isError(value);
    }
}
