package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.RuleError;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;
import org.apache.flink.table.functions.ScalarFunction;

/** {@code RULE_IS_ERROR(value)}: whether evaluating a rule value failed. */
public final class RuleIsError extends ScalarFunction {
    public Boolean eval(@DataTypeHint(inputGroup = InputGroup.ANY) Object value) {
        return value instanceof RuleError;
    }
}
