package io.github.mqttkafkabridge.bridge.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;

/**
 * A {@code sources.kafka_consumer.<name>} entry.
 *
 * @param topics the topics to read (one from {@code topic}, or those of {@code topic_mapping}); empty when
 *     {@code topicPattern} is set
 * @param topicPattern a Java regular expression for topic names ({@code topic_pattern}, ours), or null
 * @param topicMappings EMQX's legacy {@code topic_mapping}: records published to MQTT without a rule
 */
public record KafkaSourceSettings(String name, KafkaConnection connection, List<String> topics, String topicPattern,
                                  String groupId, OffsetResetPolicy offsetResetPolicy, Encoding keyEncoding,
                                  Encoding valueEncoding, long maxBatchBytes, Duration maxWaitTime,
                                  List<TopicMapping> topicMappings) implements Serializable {

    /** {@code parameters.offset_reset_policy}: where to start when the group has no committed offset. */
    public enum OffsetResetPolicy { LATEST, EARLIEST }

    /** {@code key_encoding_mode} / {@code value_encoding_mode}: bytes as UTF-8 text, or base64 text. */
    public enum Encoding { NONE, BASE64 }

    /** One legacy {@code topic_mapping} entry; {@code mqttTopic} and {@code payloadTemplate} are templates. */
    public record TopicMapping(String kafkaTopic, String mqttTopic, int qos, String payloadTemplate)
            implements Serializable {}

    public KafkaSourceSettings {
        topics = List.copyOf(topics);
        topicMappings = List.copyOf(topicMappings);
    }

    /** For messages: the topics, or the pattern. */
    public String describeTopics() {
        return topicPattern != null ? "pattern " + topicPattern : String.join(",", topics);
    }
}
