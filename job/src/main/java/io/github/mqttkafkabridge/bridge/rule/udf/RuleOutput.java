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
}
