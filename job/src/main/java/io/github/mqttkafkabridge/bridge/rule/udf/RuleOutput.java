package io.github.mqttkafkabridge.bridge.rule.udf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * {@code RULE_OUTPUT(key, value, ...)}: builds a rule's output object. A key is a JSON array of names (nested
 * output, as EMQX does for {@code payload.a.b} and {@code AS x.y}) or {@code *}, which merges an object.
 * Later fields override earlier ones. An undefined value leaves its key out (so {@code ${key}} renders empty,
 * as in EMQX). An error in any value makes the whole output that error.
 */
public final class RuleOutput extends RuleValueFunction {

    public String eval(String... pairs) {
        for (int i = 1; i < pairs.length; i += 2) {
            if (Json.isError(pairs[i])) {
                return pairs[i];
            }
        }
        if (pairs.length == 2 && "*".equals(pairs[0]) && pairs[1] != null && pairs[1].startsWith("{")) {
            // SELECT * alone: the object to merge is the whole output.
            return pairs[1];
        }
        String flat = flatOutput(pairs);
        if (flat != null) {
            return flat;
        }
        ObjectNode out = Json.NODES.objectNode();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            JsonNode value = Json.read(pairs[i + 1]);
            if ("*".equals(pairs[i])) {
                if (value != null && value.isObject()) {
                    Iterator<Map.Entry<String, JsonNode>> it = value.fields();
                    while (it.hasNext()) {
                        Map.Entry<String, JsonNode> e = it.next();
                        out.set(e.getKey(), e.getValue());
                    }
                }
                continue;
            }
            if (value == null) {
                continue;
            }
            JsonNode path = Json.read(pairs[i]);
            ObjectNode parent = out;
            for (int k = 0; k < path.size() - 1; k++) {
                JsonNode child = parent.get(path.get(k).asText());
                if (child == null || !child.isObject()) {
                    child = parent.putObject(path.get(k).asText());
                }
                parent = (ObjectNode) child;
            }
            parent.set(path.get(path.size() - 1).asText(), value);
        }
        return Json.write(out);
    }

    /**
     * The hot path (every {@code SELECT} of plain fields): distinct one-level names, no merge. The values are
     * already JSON text, so the object is written without parsing them; the result is the text the general path
     * would write. Returns null when the general path is needed.
     */
    private static String flatOutput(String[] pairs) {
        int size = 2;
        for (String part : pairs) {
            size += part == null ? 0 : part.length() + 2;
        }
        StringBuilder out = new StringBuilder(size).append('{');
        java.util.Set<String> names = pairs.length > 16 ? new java.util.HashSet<>() : null;
        boolean first = true;
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            String key = pairs[i];
            if (key.length() < 5 || !key.startsWith("[\"") || !key.endsWith("\"]")
                    || key.indexOf('"', 2) != key.length() - 2 || key.indexOf('\\') >= 0) {
                return null;
            }
            String quotedName = key.substring(1, key.length() - 1);
            if (names != null ? !names.add(quotedName) : isRepeated(pairs, i)) {
                return null;
            }
            if (pairs[i + 1] == null) {
                continue;
            }
            if (!first) {
                out.append(',');
            }
            out.append(quotedName).append(':').append(pairs[i + 1]);
            first = false;
        }
        return out.append('}').toString();
    }

    private static boolean isRepeated(String[] pairs, int keyIndex) {
        for (int j = 0; j < keyIndex; j += 2) {
            if (pairs[j].equals(pairs[keyIndex])) {
                return true;
            }
        }
        return false;
    }
}
