package io.github.mqttkafkabridge.bridge.value;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * JSON conversion of rule values. A rule value is a Jackson tree ({@link JsonNode}); {@code null} is EMQX's
 * "undefined". Text that may hold JSON (a payload) is a {@link JsonText}, decoded on first use.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    // Readers and writers built once: ObjectMapper.readTree/writeValueAsString resolve types on every call.
    private static final ObjectReader READER = MAPPER.readerFor(JsonNode.class);
    private static final ObjectWriter WRITER = MAPPER.writer();

    private Json() {}

    /** Parses the JSON text of a rule value; {@code null} (undefined) stays null. */
    public static JsonNode read(String value) {
        if (value == null) {
            return null;
        }
        try {
            return READER.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not a rule value: " + value, e);
        }
    }

    /** Parses arbitrary text as JSON, or returns null when it is not JSON. */
    public static JsonNode tryParse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            JsonNode node = READER.readTree(text);
            return node == null || node.isMissingNode() ? null : node;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    public static String write(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        try {
            return WRITER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The UTF-8 bytes of the JSON text of a value (null for undefined), written straight from the tree. */
    public static byte[] writeBytes(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        try {
            return WRITER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Parses UTF-8 JSON bytes (a value {@link #writeBytes} wrote). */
    public static JsonNode readBytes(byte[] bytes) {
        try {
            return READER.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("not a rule value", e);
        }
    }

    /** {@code text} as a JSON string literal. */
    public static String quote(String text) {
        if (text == null) {
            return null;
        }
        char[] escaped = JsonStringEncoder.getInstance().quoteAsString(text);
        return new StringBuilder(escaped.length + 2).append('"').append(escaped).append('"').toString();
    }

    /** EMQX's text form of a value: strings as-is, objects and arrays as JSON. */
    public static String toText(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        return write(node);
    }

    /** A number from a number or a numeric string; null otherwise. */
    public static Double toNumber(JsonNode node) {
        if (node == null) {
            return null;
        }
        if (node.isNumber()) {
            return node.doubleValue();
        }
        if (node.isTextual()) {
            try {
                return Double.parseDouble(node.textValue().trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }
}
