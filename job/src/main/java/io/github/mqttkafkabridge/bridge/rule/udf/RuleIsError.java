package io.github.mqttkafkabridge.bridge.rule.udf;

import org.apache.flink.table.functions.ScalarFunction;

/** {@code RULE_IS_ERROR(value)}: whether evaluating a rule value failed. */
public final class RuleIsError extends ScalarFunction {
    public Boolean eval(String value) {
        return Json.isError(value);
    }
}
