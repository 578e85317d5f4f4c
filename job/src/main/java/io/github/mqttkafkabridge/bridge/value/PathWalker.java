package io.github.mqttkafkabridge.bridge.value;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * EMQX's path lookup: at every step a string value holding JSON is decoded first, so {@code payload.a.b}
 * works on the raw payload text; a key or index that is not there gives undefined (null).
 */
public final class PathWalker {
    private PathWalker() {}

    /**
     * @param strict when true, a string that is not JSON at all where a step must look inside it is an error
     *               (EMQX fails the message for a path into a payload it cannot decode)
     */
    public static JsonNode walk(JsonNode start, JsonNode[] steps, boolean strict) {
        JsonNode current = start;
        for (JsonNode step : steps) {
            if (current == null || step == null) {
                return null;
            }
            if (current.isTextual()) {
                JsonNode decoded = current instanceof JsonText text ? text.container()
                        : JsonText.containerIn(current.textValue());
                if (decoded == null) {
                    // A payload that is JSON but not an object or array ("text", 12) has no keys: undefined.
                    if (strict && Json.tryParse(current.textValue()) == null) {
                        throw new RuleEvaluationException("payload is not a JSON object or array, cannot read "
                                + Json.toText(step));
                    }
                    return null;
                }
                current = decoded;
            }
            strict = false;
            if (step.isIntegralNumber() && current.isArray()) {
                int n = step.intValue();
                int size = current.size();
                int index = n > 0 ? n - 1 : size + n;
                if (n == 0 || index < 0 || index >= size) {
                    return null;
                }
                current = current.get(index);
            } else if (current.isObject()) {
                current = current.get(Json.toText(step));
            } else {
                return null;
            }
        }
        return current;
    }
}
