package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.RuleValueSerializer;
import io.github.mqttkafkabridge.bridge.value.RuleValues;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code RULE_VALUE(x)}: a string, number or boolean column or literal as a rule value; a rule value as it is.
 * CASE needs one type in all its branches.
 */
public final class RuleValueOf extends ScalarFunction {
    public @DataTypeHint(value = "RAW", bridgedTo = Object.class, rawSerializer = RuleValueSerializer.class) Object eval(
            @DataTypeHint(inputGroup = InputGroup.ANY) Object value) {
        return of(value);
    }

    /** Errors stay errors; everything else becomes a rule value. */
    static Object of(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean
                ? RuleValues.of(value) : value;
    }
}
