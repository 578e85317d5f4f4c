package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.JsonText;
import io.github.mqttkafkabridge.bridge.value.RuleError;
import io.github.mqttkafkabridge.bridge.value.RuleValueSerializer;
import io.github.mqttkafkabridge.bridge.value.RuleValues;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
    private static final String PAYLOAD = "payload";

    /** Nested keys of this call site, parsed once: keys are constants of the compiled SQL. */
    private transient Map<String, JsonNode[]> nestedKeys;

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
        JsonNode[] path = nestedKeys.computeIfAbsent(key, RuleOutput::parseNestedKey);
        String root = path[0].asText();
        JsonNode current = out.get(root);
        if (PAYLOAD.equals(root) && current != null && current.isTextual()) {
            // EMQX decodes a selected payload before writing into it, so AS payload.a.b keeps its other keys.
            JsonNode decoded = container(current);
            current = decoded == null ? current : decoded;
        }
        out.set(root, putIn(current, path, 1, value));
    }

    /**
     * EMQX's nested put: {@code value} at {@code path[from..]} inside {@code current}, which is copied (values are
     * never changed once made). A key into an object sets that key; into anything else it starts a new object —
     * also into a string holding JSON, which is read to find what lies below the key but not kept. An index into
     * a list replaces that element (1-based, negative from the end, out of range leaves the list as it is), 0
     * inserts before the first element and -0 (JSON null in the key) appends; into anything else it starts a
     * list of the value.
     */
    private static JsonNode putIn(JsonNode current, JsonNode[] path, int from, JsonNode value) {
        if (from == path.length) {
            return value;
        }
        JsonNode step = path[from];
        JsonNode text = current != null && current.isTextual() ? container(current) : null;
        if (step.isTextual()) {
            String key = step.textValue();
            if (current != null && current.isObject()) {
                ObjectNode object = ((ObjectNode) current).deepCopy();
                object.set(key, putIn(object.get(key), path, from + 1, value));
                return object;
            }
            JsonNode below = text != null && text.isObject() ? text.get(key) : null;
            return Json.NODES.objectNode().set(key, putIn(below, path, from + 1, value));
        }
        if (current == null || !current.isArray()) {
            JsonNode below = step.isNull() || step.intValue() == 0 || text == null || !text.isArray() ? null
                    : element(text, step.intValue());
            return Json.NODES.arrayNode().add(putIn(below, path, from + 1, value));
        }
        ArrayNode list = ((ArrayNode) current).deepCopy();
        if (step.isNull()) {
            return list.add(putIn(null, path, from + 1, value));
        }
        int n = step.intValue();
        if (n == 0) {
            return list.insert(0, putIn(null, path, from + 1, value));
        }
        int index = n > 0 ? n - 1 : list.size() + n;
        if (index >= 0 && index < list.size()) {
            list.set(index, putIn(list.get(index), path, from + 1, value));
        }
        return list;
    }

    private static JsonNode element(JsonNode list, int n) {
        int index = n > 0 ? n - 1 : list.size() + n;
        return index >= 0 && index < list.size() ? list.get(index) : null;
    }

    private static JsonNode container(JsonNode text) {
        return text instanceof JsonText t ? t.container() : JsonText.containerIn(text.textValue());
    }

    private static JsonNode[] parseNestedKey(String key) {
        JsonNode steps = Json.read(key);
        JsonNode[] path = new JsonNode[steps.size()];
        for (int i = 0; i < path.length; i++) {
            path[i] = steps.get(i);
        }
        return path;
    }

    /**
     * The key of a field in the SQL: its name, or, when nested, a JSON array of names (strings) and indexes
     * (integers; 0 inserts first, null appends), also for a single name starting with '['.
     */
    public static String key(java.util.List<?> steps) {
        if (steps.size() == 1 && steps.get(0) instanceof String name && !name.startsWith("[") && !name.equals(MERGE)) {
            return name;
        }
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < steps.size(); i++) {
            Object step = steps.get(i);
            sb.append(i == 0 ? "" : ",").append(step == null ? "null"
                    : step instanceof Integer n ? n.toString() : Json.quote((String) step));
        }
        return sb.append(']').toString();
    }
}
