package io.github.mqttkafkabridge.bridge.value;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A rule output as the actions' templates see it: the tree for lookups, and its JSON bytes for {@code ${.}},
 * written from the tree at most once however many templates use them.
 */
public final class RenderInput {
    private final JsonNode output;
    private byte[] bytes;

    public RenderInput(JsonNode output) {
        this.output = output;
    }

    /** The output's JSON text as UTF-8 bytes; null for no output. */
    public byte[] bytes() {
        if (bytes == null && output != null) {
            bytes = Json.writeBytes(output);
        }
        return bytes;
    }

    /** The output's JSON text. */
    public String json() {
        byte[] b = bytes();
        return b == null ? null : new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A top-level field; null when missing. */
    public JsonNode field(String name) {
        return output == null ? null : output.get(name);
    }

    public JsonNode tree() {
        return output;
    }
}
