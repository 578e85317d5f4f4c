package io.github.mqttkafkabridge.bridge.value;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An EMQX {@code ${...}} template. {@code ${.}} is the whole rule output as JSON; {@code ${a.b}} (a leading dot
 * is ignored) looks a value up, decoding JSON held in strings on the way. Strings render as-is, other values
 * as JSON.
 */
public final class Template implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final byte[] NO_BYTES = new byte[0];

    private final String source;
    /** Literal text at even indices, variable paths (null for {@code ${.}}) at odd indices. */
    private final List<Object> parts;

    private Template(String source, List<Object> parts) {
        this.source = source;
        this.parts = parts;
    }

    /** @throws IllegalArgumentException for an unclosed {@code ${} */
    public static Template parse(String text) {
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            if (start < 0) {
                literal.append(text, i, text.length());
                break;
            }
            int end = text.indexOf('}', start);
            if (end < 0) {
                throw new IllegalArgumentException("\"" + text + "\": '${' at position " + start + " is not closed");
            }
            literal.append(text, i, start);
            parts.add(literal.toString());
            literal.setLength(0);
            parts.add(parsePath(text.substring(start + 2, end).trim()));
            i = end + 1;
        }
        parts.add(literal.toString());
        return new Template(text, parts);
    }

    private static String[] parsePath(String var) {
        String path = var.startsWith(".") ? var.substring(1) : var;
        if (path.isEmpty()) {
            return null;
        }
        List<String> keys = new ArrayList<>();
        for (String key : path.split("\\.")) {
            // pub_props.'User-Property' style quoting is allowed in templates too.
            keys.add(key.length() >= 2 && (key.startsWith("'") && key.endsWith("'")
                    || key.startsWith("\"") && key.endsWith("\"")) ? key.substring(1, key.length() - 1) : key);
        }
        return keys.toArray(new String[0]);
    }

    public String source() {
        return source;
    }

    public boolean isEmpty() {
        return source.isEmpty();
    }

    /** Whether the template has no {@code ${...}} at all (renders to its source text). */
    public boolean isLiteral() {
        return parts.size() == 1;
    }

    /** Whether the template is exactly one {@code ${...}} and nothing else. */
    public boolean isSingleVariable() {
        return parts.size() == 3 && ((String) parts.get(0)).isEmpty() && ((String) parts.get(2)).isEmpty();
    }

    /** The value of a single-variable template (not converted to text); null when missing. */
    public JsonNode lookupSingle(RenderInput input) {
        return lookup((String[]) parts.get(1), input);
    }

    /**
     * Renders the template as UTF-8 bytes: {@code ${.}} alone writes the output's bytes straight from its tree.
     *
     * @throws RenderException when a variable is missing and {@code missing} is {@link MissingPolicy#FAIL}
     */
    public byte[] renderBytes(RenderInput input, MissingPolicy missing) {
        if (isSingleVariable() && parts.get(1) == null) {
            byte[] bytes = input.bytes();
            return bytes == null ? NO_BYTES : bytes;
        }
        if (isSingleVariable() && missing == MissingPolicy.EMPTY) {
            // ${x}: a string's bytes, any other value's JSON written straight to bytes; missing is empty.
            JsonNode value = lookup((String[]) parts.get(1), input);
            if (value == null) {
                return NO_BYTES;
            }
            if (value instanceof JsonText text) {
                return text.utf8(); // a payload: the bytes it arrived as
            }
            return value.isTextual() ? value.textValue().getBytes(StandardCharsets.UTF_8) : Json.writeBytes(value);
        }
        return render(input, missing).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Renders the template.
     *
     * @throws RenderException when a variable is missing and {@code missing} is {@link MissingPolicy#FAIL}
     */
    public String render(RenderInput input, MissingPolicy missing) {
        if (isLiteral()) {
            return (String) parts.get(0);
        }
        if (isSingleVariable() && parts.get(1) == null) {
            // ${.}: the rule output's own text, not a copy of it.
            return input.json();
        }
        if (isSingleVariable()) {
            JsonNode value = lookup((String[]) parts.get(1), input);
            if (value != null) {
                return Json.toText(value);
            }
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            if (i % 2 == 0) {
                out.append((String) parts.get(i));
                continue;
            }
            String[] path = (String[]) parts.get(i);
            if (path == null) {
                out.append(input.json());
                continue;
            }
            JsonNode value = lookup(path, input);
            if (value == null) {
                switch (missing) {
                    case FAIL:
                        throw new RenderException("variable ${" + String.join(".", path) + "} is not in the rule output");
                    case UNDEFINED:
                        out.append("undefined");
                        break;
                    default:
                        break;
                }
                continue;
            }
            out.append(Json.toText(value));
        }
        return out.toString();
    }

    private static JsonNode lookup(String[] path, RenderInput input) {
        if (path == null) {
            return input.tree();
        }
        if (path.length == 1) {
            return input.field(path[0]);
        }
        JsonNode[] steps = new JsonNode[path.length];
        for (int i = 0; i < path.length; i++) {
            steps[i] = TextNode.valueOf(path[i]);
        }
        return PathWalker.walk(input.tree(), steps, false);
    }

    @Override
    public String toString() {
        return source;
    }

    /** What to render for a variable that is not in the rule output. */
    public enum MissingPolicy {
        /** Empty text (Kafka key, value, headers). */
        EMPTY,
        /** The text {@code undefined} (republish topic and payload, as EMQX does). */
        UNDEFINED,
        /** A {@link RenderException} (Kafka topic). */
        FAIL
    }
}
