package io.github.mqttkafkabridge.bridge.template;

import io.github.mqttkafkabridge.bridge.rule.udf.Json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;

/** A rule output, kept both as its JSON text (for {@code ${.}}) and parsed (for lookups), parsed once. */
public final class RenderInput {
    private final String json;
    private JsonNode tree;

    public RenderInput(String json) {
        this.json = json;
    }

    public String json() {
        return json;
    }

    /**
     * A top-level field without building the whole tree: the common {@code ${.clientid}} of a large output reads
     * a few tokens instead of the payload. Falls back to the tree for anything but an object.
     */
    public JsonNode field(String name) {
        if (tree != null || json == null || json.isEmpty() || json.charAt(0) != '{') {
            JsonNode t = tree();
            return t == null ? null : t.get(name);
        }
        try (JsonParser p = Json.MAPPER.getFactory().createParser(json)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean match = name.equals(p.currentName());
                p.nextToken();
                if (match) {
                    return Json.MAPPER.readTree(p);
                }
                p.skipChildren();
            }
            return null;
        } catch (java.io.IOException e) {
            JsonNode t = tree();
            return t == null ? null : t.get(name);
        }
    }

    public JsonNode tree() {
        if (tree == null) {
            tree = Json.tryParse(json);
        }
        return tree;
    }
}
