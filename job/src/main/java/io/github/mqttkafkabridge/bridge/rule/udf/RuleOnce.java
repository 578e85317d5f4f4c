package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.RuleValueSerializer;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * {@code ONCE(value)}: the value, evaluated once per message. Compiled rules compute a WHERE condition or a field
 * that is read more than once in a projection of its own; the planner inlines a deterministic expression into
 * every place that reads it (evaluating it again each time), but keeps a non-deterministic one where it is.
 */
public final class RuleOnce extends ScalarFunction {
    public @DataTypeHint(value = "RAW", bridgedTo = Object.class, rawSerializer = RuleValueSerializer.class) Object eval(
            @DataTypeHint(inputGroup = InputGroup.ANY) Object value) {
        return RuleValueOf.of(value);
    }

    @Override
    public boolean isDeterministic() {
        return false;
    }
}
