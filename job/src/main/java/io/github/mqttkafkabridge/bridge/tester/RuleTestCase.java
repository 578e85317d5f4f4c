package io.github.mqttkafkabridge.bridge.tester;

import io.github.mqttkafkabridge.bridge.value.Json;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One {@code rule test} input: a rule and a sample MQTT message, or a rule and a sample Kafka record
 * ({@code kafka} object with value, key, topic, offset, ts, ts_type, headers).
 */
public record RuleTestCase(String sql, String topic, String payload, int qos,
                           List<Map.Entry<String, String>> userProperties, JsonNode kafka) {

    /** Parses one line of {@code rule test --input}. */
    public static RuleTestCase fromJson(JsonNode line) {
        if (line == null || !line.isObject()) {
            throw new IllegalArgumentException("expected a JSON object");
        }
        JsonNode sql = line.get("sql");
        if (sql == null || !sql.isTextual()) {
            throw new IllegalArgumentException("\"sql\" is missing or not a string");
        }
        JsonNode kafka = line.get("kafka");
        if (kafka != null && !kafka.isObject()) {
            throw new IllegalArgumentException("\"kafka\" must be an object");
        }
        List<Map.Entry<String, String>> props = new ArrayList<>();
        JsonNode up = line.get("user_properties");
        if (up != null && up.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = up.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                props.add(new AbstractMap.SimpleImmutableEntry<>(e.getKey(), Json.toText(e.getValue())));
            }
        }
        JsonNode payload = line.get("payload");
        return new RuleTestCase(sql.asText(), line.path("topic").asText("t/1"),
                payload == null || payload.isNull() ? "" : Json.toText(payload), line.path("qos").asInt(0), props, kafka);
    }

    public boolean isKafka() {
        return kafka != null;
    }
}
