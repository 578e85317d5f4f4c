package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RuleError;
import io.github.mqttkafkabridge.bridge.value.RuleValueSerializer;
import io.github.mqttkafkabridge.bridge.value.RuleValues;

import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;
import org.apache.flink.table.functions.ScalarFunction;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Conversions between rule values and the typed columns of windowed aggregations. */
public final class RuleWindowValues {
    private RuleWindowValues() {}

    /** {@code RULE_NUMBER(value)}: a number or numeric string as DOUBLE; NULL (ignored by aggregates) otherwise. */
    public static final class ToNumber extends ScalarFunction {
        public Double eval(@DataTypeHint(inputGroup = InputGroup.ANY) Object value) {
            return value == null || value instanceof RuleError ? null : Json.toNumber(RuleValues.of(value));
        }
    }

    /** {@code RULE_FROM_NUMBER(double)}: an aggregate as a rule value; whole numbers without a fraction. */
    public static final class FromNumber extends ScalarFunction {
        public @DataTypeHint(value = "RAW", bridgedTo = Object.class, rawSerializer = RuleValueSerializer.class) Object eval(
                Double value) {
            if (value == null) {
                return null;
            }
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                return LongNode.valueOf(value.longValue());
            }
            return DoubleNode.valueOf(value);
        }
    }

    /**
     * {@code RULE_KEY(value)}: a GROUP BY key as its JSON text (SQL groups by text); an error or undefined is NULL.
     */
    public static final class ToKey extends ScalarFunction {
        public String eval(@DataTypeHint(inputGroup = InputGroup.ANY) Object value) {
            return value == null || value instanceof RuleError ? null : Json.write(RuleValues.of(value));
        }
    }

    /** {@code RULE_FROM_KEY(text)}: a GROUP BY key as a rule value again. */
    public static final class FromKey extends ScalarFunction {
        public @DataTypeHint(value = "RAW", bridgedTo = Object.class, rawSerializer = RuleValueSerializer.class) Object eval(
                String key) {
            return key == null ? null : Json.read(key);
        }
    }

    /** {@code RULE_EPOCH_MILLIS(window_start)}: a window bound as epoch milliseconds. */
    public static final class EpochMillis extends ScalarFunction {
        public Long eval(LocalDateTime time) {
            return time == null ? null : time.toInstant(ZoneOffset.UTC).toEpochMilli();
        }

        public Long eval(Instant time) {
            return time == null ? null : time.toEpochMilli();
        }
    }
}
