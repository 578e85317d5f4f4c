package io.github.mqttkafkabridge.bridge.rule.udf;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.table.functions.ScalarFunction;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Conversions between rule values and the typed columns of windowed aggregations. */
public final class RuleWindowValues {
    private RuleWindowValues() {}

    /** {@code RULE_NUMBER(value)}: a number or numeric string as DOUBLE; NULL (ignored by aggregates) otherwise. */
    public static final class ToNumber extends ScalarFunction {
        public Double eval(String value) {
            if (value == null || Json.isError(value)) {
                return null;
            }
            JsonNode node = Json.read(value);
            return Json.toNumber(node);
        }
    }

    /** {@code RULE_FROM_NUMBER(double)}: an aggregate as a rule value; whole numbers without a fraction. */
    public static final class FromNumber extends ScalarFunction {
        public String eval(Double value) {
            if (value == null) {
                return null;
            }
            if (value == Math.rint(value) && Math.abs(value) < 1e15) {
                return Long.toString(value.longValue());
            }
            return Json.write(Json.NODES.numberNode(value));
        }
    }

    /** {@code RULE_EPOCH_MILLIS(window_start)}: a window bound as epoch milliseconds. */
    public static final class EpochMillis extends ScalarFunction {
        public String eval(LocalDateTime time) {
            return time == null ? null : Long.toString(time.toInstant(ZoneOffset.UTC).toEpochMilli());
        }

        public String eval(Instant time) {
            return time == null ? null : Long.toString(time.toEpochMilli());
        }
    }
}
