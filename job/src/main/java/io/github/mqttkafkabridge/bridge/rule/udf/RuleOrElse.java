package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.RuleValueSerializer;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;

/**
 * {@code RULE_OR_ELSE(value, fallback)}: {@code value} unless it is undefined. A later field reads an earlier
 * field's alias this way: EMQX looks a name up in the output built so far, then in the message.
 */
public final class RuleOrElse extends RuleValueFunction {
    public @DataTypeHint(value = "RAW", bridgedTo = Object.class, rawSerializer = RuleValueSerializer.class) Object eval(
            @DataTypeHint(inputGroup = InputGroup.ANY) Object value,
            @DataTypeHint(inputGroup = InputGroup.ANY) Object fallback) {
        return apply("path", new Object[] {value == null ? fallback : value}, a -> a[0]);
    }
}
