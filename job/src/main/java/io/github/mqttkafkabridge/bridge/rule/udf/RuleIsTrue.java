package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.RuleValues;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;
import org.apache.flink.table.functions.ScalarFunction;

/** {@code RULE_TRUE(value)}: SQL boolean for WHERE and CASE; errors and non-booleans are false. */
public final class RuleIsTrue extends ScalarFunction {
    public Boolean eval(@DataTypeHint(inputGroup = InputGroup.ANY) Object value) {
        return RuleValues.isTrue(value);
    }
}
