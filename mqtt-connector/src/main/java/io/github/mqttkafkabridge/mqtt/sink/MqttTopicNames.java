package io.github.mqttkafkabridge.mqtt.sink;

import java.nio.charset.StandardCharsets;

/** The MQTT rules for a topic a client may publish to, checked before a message reaches Paho. */
final class MqttTopicNames {
    private MqttTopicNames() {}

    /** Why {@code topic} cannot be published to, or null when it can. */
    static String whyNotPublishable(String topic) {
        if (topic == null || topic.isEmpty()) {
            return "the rendered topic is empty";
        }
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0) {
            return "topic '" + topic + "' contains a wildcard (+ or #), which only subscriptions may use";
        }
        if (topic.indexOf('\u0000') >= 0) {
            return "topic '" + topic.replace('\u0000', '?') + "' contains the character U+0000";
        }
        if (topic.getBytes(StandardCharsets.UTF_8).length > 65535) {
            return "a topic of " + topic.length() + " characters is longer than MQTT's 65535 bytes";
        }
        return null;
    }
}
