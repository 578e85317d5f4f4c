package io.github.mqttkafkabridge.bridge.config;

import io.github.mqttkafkabridge.bridge.value.Template;

import java.io.Serializable;
import java.util.List;

/**
 * How an action builds Kafka headers, as EMQX does: {@code kafka_headers} (one placeholder resolving to an object
 * or a list of {@code {key, value}}), then {@code kafka_ext_headers}, encoded per
 * {@code kafka_header_value_encode_mode}; plus (ours) the MQTT 5 user properties found in the rule output.
 */
public record KafkaHeaderSpec(Template kafkaHeaders, List<ExtHeader> extHeaders, boolean jsonValues,
                              boolean userPropertiesAsHeaders) implements Serializable {

    /** One {@code {kafka_ext_header_key, kafka_ext_header_value}} entry. */
    public record ExtHeader(Template key, Template value) implements Serializable {}

    public boolean isEmpty() {
        return kafkaHeaders == null && extHeaders.isEmpty() && !userPropertiesAsHeaders;
    }
}
