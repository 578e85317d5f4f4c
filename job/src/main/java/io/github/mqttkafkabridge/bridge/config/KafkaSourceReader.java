package io.github.mqttkafkabridge.bridge.config;

import io.github.mqttkafkabridge.bridge.config.KafkaSourceSettings.Encoding;
import io.github.mqttkafkabridge.bridge.config.KafkaSourceSettings.OffsetResetPolicy;
import io.github.mqttkafkabridge.bridge.config.KafkaSourceSettings.TopicMapping;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads the {@code parameters} of one {@code sources.kafka_consumer.<name>} with EMQX's names and defaults. */
final class KafkaSourceReader {
    private final Config config;
    private final ConfigValues values;

    KafkaSourceReader(Config config, ConfigValues values) {
        this.config = config;
        this.values = values;
    }

    KafkaSourceSettings read(String name, String path, KafkaConnection connection) {
        String at = "sources.kafka_consumer." + name + ".parameters";
        String p = path + ".parameters";
        List<TopicMapping> mappings = topicMappings(p + ".topic_mapping", at + ".topic_mapping");
        String pattern = values.string(p + ".topic_pattern", null);
        boolean hasTopic = config.hasPath(p + ".topic");
        List<String> topics = new ArrayList<>();
        if (!mappings.isEmpty()) {
            // As in EMQX, a non-empty topic_mapping replaces topic.
            Set<String> distinct = new LinkedHashSet<>();
            for (TopicMapping m : mappings) {
                if (!distinct.add(m.kafkaTopic())) {
                    throw new BridgeConfigException(at + ".topic_mapping: kafka_topic \"" + m.kafkaTopic()
                            + "\" appears twice; map each Kafka topic once");
                }
            }
            topics.addAll(distinct);
        } else if (pattern != null) {
            if (hasTopic) {
                throw new BridgeConfigException(at + ": set topic or topic_pattern, not both");
            }
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw new BridgeConfigException(at + ".topic_pattern: \"" + pattern + "\" is not a regular expression: "
                        + e.getDescription());
            }
        } else {
            String topic = values.requiredString(p + ".topic", at + ".topic");
            if (!KafkaTopicNames.isValid(topic)) {
                throw new BridgeConfigException(at + ".topic: \"" + topic + "\" is not a Kafka topic name ("
                        + KafkaTopicNames.RULE + "); for several topics use topic_pattern");
            }
            topics.add(topic);
        }
        String groupId = values.string(p + ".group_id", "");
        if (groupId.isBlank()) {
            groupId = "emqx-kafka-consumer-" + name;
        }
        OffsetResetPolicy reset = values.enumValue(p + ".offset_reset_policy", at + ".offset_reset_policy",
                OffsetResetPolicy.class, OffsetResetPolicy.LATEST);
        Encoding key = values.enumValue(p + ".key_encoding_mode", at + ".key_encoding_mode", Encoding.class,
                Encoding.NONE);
        Encoding value = values.enumValue(p + ".value_encoding_mode", at + ".value_encoding_mode", Encoding.class,
                Encoding.NONE);
        long batchBytes = values.bytes(p + ".max_batch_bytes", at + ".max_batch_bytes", 896 * 1024L);
        if (batchBytes < 1 || batchBytes > Integer.MAX_VALUE) {
            throw new BridgeConfigException(at + ".max_batch_bytes: " + batchBytes + " bytes is not in 1..2147483647");
        }
        Duration maxWait = values.duration(p + ".max_wait_time", Duration.ofSeconds(1));
        // Offsets live in Flink's checkpoints and are committed to the group when a checkpoint completes, so
        // the commit period is flink.checkpoint_interval; the EMQX key is accepted (README).
        values.duration(p + ".offset_commit_interval_seconds", Duration.ofSeconds(5));
        return new KafkaSourceSettings(name, connection, topics, mappings.isEmpty() ? pattern : null, groupId, reset,
                key, value, batchBytes, maxWait, mappings);
    }

    private List<TopicMapping> topicMappings(String path, String display) {
        List<TopicMapping> result = new ArrayList<>();
        if (!config.hasPath(path)) {
            return result;
        }
        int i = 0;
        for (ConfigValue v : config.getList(path)) {
            String item = display + "[" + i++ + "]";
            if (v.valueType() != ConfigValueType.OBJECT) {
                throw new BridgeConfigException(item + ": expected {kafka_topic, mqtt_topic, qos, payload_template}");
            }
            Config m = ((ConfigObject) v).toConfig();
            for (String k : List.of("kafka_topic", "mqtt_topic")) {
                if (!m.hasPath(k)) {
                    throw new BridgeConfigException(item + "." + k + ": missing; this key is required");
                }
            }
            int qos = m.hasPath("qos") ? m.getInt("qos") : 0;
            if (qos < 0 || qos > 2) {
                throw new BridgeConfigException(item + ".qos: " + qos + " is not 0, 1 or 2");
            }
            String kafkaTopic = m.getString("kafka_topic");
            if (!KafkaTopicNames.isValid(kafkaTopic)) {
                throw new BridgeConfigException(item + ".kafka_topic: \"" + kafkaTopic + "\" is not a Kafka topic name");
            }
            String mqttTopic = m.getString("mqtt_topic");
            String payload = m.hasPath("payload_template") ? m.getString("payload_template") : "${.}";
            ConfigValues.parseTemplate(item + ".mqtt_topic", mqttTopic);
            ConfigValues.parseTemplate(item + ".payload_template", payload);
            result.add(new TopicMapping(kafkaTopic, mqttTopic, qos, payload));
        }
        return result;
    }
}
