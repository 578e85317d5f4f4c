package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RuleError;
import io.github.mqttkafkabridge.bridge.value.RuleValueSerializer;
import io.github.mqttkafkabridge.bridge.value.RuleValues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;

import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code RULE_OUTPUT(key, value, ...)}: builds a rule's output object. A key is a name, a JSON array of names
 * (nested output, as EMQX does for {@code payload.a.b} and {@code AS x.y}) or {@code *}, which merges an object.
 * Later fields override earlier ones. An undefined value leaves its key out (so {@code ${key}} renders empty,
 * as in EMQX). An error in any value makes the whole output that error.
 */
public final class RuleOutput extends RuleValueFunction {
    public static final String MERGE = "*";

    /** Nested keys of this call site, parsed once: keys are constants of the compiled SQL. */
    private transient Map<String, String[]> nestedKeys;

    public @DataTypeHint(value = "RAW", bridgedTo = Object.class, rawSerializer = RuleValueSerializer.class) Object eval(
            @DataTypeHint(inputGroup = InputGroup.ANY) Object... pairs) {
        RuleError error = RuleValues.firstError(pairs);
        if (error != null) {
            return error;
        }
        if (pairs.length == 2 && MERGE.equals(pairs[0]) && pairs[1] instanceof ObjectNode whole) {
            // SELECT * alone: the object to merge is the whole output (values are never changed once made).
            return whole;
        }
        try {
            // Sized for its fields: a SELECT * output has a dozen, more than a default map holds without growing.
            ObjectNode out = new ObjectNode(Json.NODES, new LinkedHashMap<>(pairs.length));
            for (int i = 0; i + 1 < pairs.length; i += 2) {
                String key = (String) pairs[i];
                JsonNode value = RuleValues.of(pairs[i + 1]);
                if (MERGE.equals(key)) {
                    if (value != null && value.isObject()) {
                        Iterator<Map.Entry<String, JsonNode>> it = value.fields();
                        while (it.hasNext()) {
                            Map.Entry<String, JsonNode> e = it.next();
                            out.set(e.getKey(), e.getValue());
                        }
                    }
                } else if (value != null) {
                    put(out, key, value);
                }
            }
            return out;
        } catch (RuntimeException e) {
            return failure("SELECT", e);
        }
    }

    private void put(ObjectNode out, String key, JsonNode value) {
        if (!key.startsWith("[")) {
            out.set(key, value);
            return;
        }
        if (nestedKeys == null) {
            nestedKeys = new HashMap<>();
        }
        String[] path = nestedKeys.computeIfAbsent(key, RuleOutput::parseNestedKey);
        ObjectNode parent = out;
        for (int k = 0; k < path.length - 1; k++) {
            JsonNode child = parent.get(path[k]);
            if (child == null || !child.isObject()) {
                child = parent.putObject(path[k]);
            } else {
                // A copy: the object may be a value the rule read, and values are never changed once made.
                child = child.deepCopy();
                parent.set(path[k], child);
            }
            parent = (ObjectNode) child;
        }
        parent.set(path[path.length - 1], value);
    }

    private static String[] parseNestedKey(String key) {
        JsonNode names = Json.read(key);
        String[] path = new String[names.size()];
        for (int i = 0; i < path.length; i++) {
            path[i] = names.get(i).asText();
        }
        return path;
    }

    /** The key of a field in the SQL: its name, or a JSON array of names when nested (or a name starting with '['). */
    public static String key(java.util.List<String> names) {
        if (names.size() == 1 && !names.get(0).startsWith("[") && !names.get(0).equals(MERGE)) {
            return names.get(0);
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < names.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(Json.quote(names.get(i)));
        }
        return sb.append(']').toString();
    }
}
