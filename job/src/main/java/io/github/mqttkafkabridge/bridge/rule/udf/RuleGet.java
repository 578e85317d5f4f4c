package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.PathWalker;
import io.github.mqttkafkabridge.bridge.value.RuleError;
import io.github.mqttkafkabridge.bridge.value.RuleValueSerializer;
import io.github.mqttkafkabridge.bridge.value.RuleValues;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;

/**
 * {@code RULE_GET(value, step...)}: EMQX path lookup ({@code payload.a[1].b}); a step is a key (string) or a
 * 1-based index. The strict variant fails on a payload that holds no JSON, as EMQX does. A payload is decoded
 * by its {@code JsonText} once, whichever call site reads it first.
 */
public final class RuleGet extends RuleValueFunction {
    private final boolean strict;

    public RuleGet(boolean strict) {
        this.strict = strict;
    }

    public @DataTypeHint(value = "RAW", bridgedTo = Object.class, rawSerializer = RuleValueSerializer.class) Object eval(
            @DataTypeHint(inputGroup = InputGroup.ANY) Object... args) {
        RuleError error = RuleValues.firstError(args);
        if (error != null) {
            return error;
        }
        try {
            JsonNode[] steps = new JsonNode[args.length - 1];
            for (int i = 1; i < args.length; i++) {
                steps[i - 1] = RuleValues.of(args[i]);
            }
            return PathWalker.walk(RuleValues.of(args[0]), steps, strict);
        } catch (RuntimeException e) {
            return failure("path", e);
        }
    }
}
