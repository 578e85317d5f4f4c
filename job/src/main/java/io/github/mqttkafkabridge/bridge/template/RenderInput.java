package io.github.mqttkafkabridge.bridge.template;

import io.github.mqttkafkabridge.bridge.rule.udf.Json;

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

    public JsonNode tree() {
        if (tree == null) {
            tree = Json.tryParse(json);
        }
        return tree;
    }
}
