package io.github.mqttkafkabridge.bridge.kafka;

import io.github.mqttkafkabridge.bridge.config.KafkaHeaderSpec;
import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RenderException;
import io.github.mqttkafkabridge.bridge.value.RenderInput;
import io.github.mqttkafkabridge.bridge.value.Template.MissingPolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * EMQX's header rules: pairs from {@code kafka_headers} (an object, a list of {@code {key, value}} or a string
 * holding either), then {@code kafka_ext_headers} (a missing variable skips the header), then (ours) the user
 * properties in {@code pub_props.User-Property-Pairs}. Mode {@code none} keeps string values only; {@code json}
 * JSON-encodes every value.
 */
final class KafkaHeaderRenderer {
    private KafkaHeaderRenderer() {}

    /** Header keys and values, in order. */
    record Headers(List<String> keys, List<byte[]> values) {}

    static Headers render(KafkaHeaderSpec spec, RenderInput input) {
        List<String> keys = new ArrayList<>();
        List<byte[]> values = new ArrayList<>();
        if (spec.isEmpty()) {
            return new Headers(keys, values);
        }
        if (spec.kafkaHeaders() != null) {
            JsonNode v = spec.kafkaHeaders().lookupSingle(input);
            if (v != null && v.isTextual()) {
                JsonNode decoded = Json.tryParse(v.textValue());
                if (decoded == null || !decoded.isContainerNode()) {
                    throw new RenderException("kafka_headers " + spec.kafkaHeaders() + " is a string that holds no "
                            + "JSON object or array");
                }
                v = decoded;
            }
            if (v != null) {
                addPairs(v, spec, keys, values);
            }
        }
        for (KafkaHeaderSpec.ExtHeader h : spec.extHeaders()) {
            String key;
            try {
                key = h.key().render(input, MissingPolicy.FAIL);
            } catch (RenderException missing) {
                continue;
            }
            JsonNode value = h.value().isSingleVariable() ? h.value().lookupSingle(input)
                    : TextNode.valueOf(h.value().source());
            if (value != null) {
                add(key, value, spec, keys, values);
            }
        }
        if (spec.userPropertiesAsHeaders()) {
            JsonNode pairs = input.tree() == null ? null : input.tree().path("pub_props").get("User-Property-Pairs");
            if (pairs != null && pairs.isArray()) {
                addPairs(pairs, spec, keys, values);
            }
        }
        return new Headers(keys, values);
    }

    private static void addPairs(JsonNode v, KafkaHeaderSpec spec, List<String> keys, List<byte[]> values) {
        if (v.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = v.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                add(e.getKey(), e.getValue(), spec, keys, values);
            }
        } else if (v.isArray()) {
            for (JsonNode pair : v) {
                if (pair.isArray()) {
                    addPairs(pair, spec, keys, values);
                } else if (pair.isObject() && pair.has("key") && pair.has("value")) {
                    add(Json.toText(pair.get("key")), pair.get("value"), spec, keys, values);
                } else {
                    throw new RenderException("kafka_headers: " + Json.write(pair) + " is not a {key, value} pair");
                }
            }
        } else {
            throw new RenderException("kafka_headers: " + Json.write(v) + " is neither an object nor a list of pairs");
        }
    }

    private static void add(String key, JsonNode value, KafkaHeaderSpec spec, List<String> keys, List<byte[]> values) {
        String text;
        if (spec.jsonValues()) {
            text = Json.write(value);
        } else if (value.isTextual()) {
            text = value.textValue();
        } else {
            // EMQX's mode none keeps string values only.
            return;
        }
        keys.add(key);
        values.add(text.getBytes(StandardCharsets.UTF_8));
    }
}
