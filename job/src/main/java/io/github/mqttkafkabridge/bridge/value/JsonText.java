package io.github.mqttkafkabridge.bridge.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;

/**
 * A string that may hold a JSON object or array, such as an MQTT payload or a Kafka record value. It is a plain
 * string to every function (EMQX keeps the payload as text), and a path into it ({@code payload.a.b}) decodes it:
 * once, on first use, however many paths of the rule read it.
 */
public final class JsonText extends TextNode {
    private static final long serialVersionUID = 1L;

    private transient JsonNode decoded;
    private transient boolean tried;
    /** The text as UTF-8, as it arrived (a payload) or once encoded: actions and serializers write these bytes. */
    private transient byte[] utf8;

    public JsonText(String text) {
        super(text);
    }

    private JsonText(String text, byte[] utf8) {
        super(text);
        this.utf8 = utf8;
    }

    /**
     * Text received as bytes (a payload): the bytes are kept, so {@code ${payload}} writes what arrived without
     * encoding the text again. The array is not copied: the caller hands it over.
     */
    public static JsonText ofUtf8(byte[] utf8) {
        return new JsonText(new String(utf8, StandardCharsets.UTF_8), utf8);
    }

    /** The text as UTF-8 bytes (the bytes it was received as, if any); not to be modified. */
    public byte[] utf8() {
        if (utf8 == null) {
            utf8 = textValue().getBytes(StandardCharsets.UTF_8);
        }
        return utf8;
    }

    /** The text, or null for null. */
    public static JsonText of(String text) {
        return text == null ? null : new JsonText(text);
    }

    /** The object or array the text holds, or null when it holds none. */
    public JsonNode container() {
        if (!tried) {
            decoded = containerIn(textValue());
            tried = true;
        }
        return decoded;
    }

    /** The object or array {@code text} holds, or null: most strings are rejected by their first character. */
    public static JsonNode containerIn(String text) {
        int i = 0;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i == text.length() || text.charAt(i) != '{' && text.charAt(i) != '[') {
            return null;
        }
        JsonNode node = Json.tryParse(text);
        return node != null && node.isContainerNode() ? node : null;
    }
}
