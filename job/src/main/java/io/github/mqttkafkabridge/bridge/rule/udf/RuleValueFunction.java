package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.RuleError;
import io.github.mqttkafkabridge.bridge.value.RuleEvaluationException;
import io.github.mqttkafkabridge.bridge.value.RuleValues;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * Base of the functions compiled rules call. They take any SQL value ({@code InputGroup.ANY}: strings, numbers,
 * booleans, rule values) and return a rule value, the SQL type {@code RAW(Object)} of {@code RuleValueSerializer}
 * (see the {@code RESULT} hint on each {@code eval}). An error argument is passed on unevaluated, and a failure
 * becomes a {@link RuleError} naming the function, so a bad message fails its rule without failing the job.
 */
public abstract class RuleValueFunction extends ScalarFunction {

    /** Evaluates {@code body} on the arguments as rule values, unless one of them is already an error. */
    protected static Object apply(String function, Object[] args, Body body) {
        RuleError error = RuleValues.firstError(args);
        if (error != null) {
            return error;
        }
        try {
            JsonNode[] nodes = new JsonNode[args.length];
            for (int i = 0; i < args.length; i++) {
                nodes[i] = RuleValues.of(args[i]);
            }
            return body.apply(nodes);
        } catch (RuntimeException e) {
            return failure(function, e);
        }
    }

    /** The error value of a failed evaluation. */
    protected static RuleError failure(String function, RuntimeException e) {
        return new RuleError(function, e instanceof RuleEvaluationException ? e.getMessage()
                : e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    /** The computation on the arguments; may return null (undefined). */
    @FunctionalInterface
    protected interface Body {
        JsonNode apply(JsonNode[] args);
    }
}
