package io.github.mqttkafkabridge.mqtt.common;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One PUBLISH as a subscriber received it, with the MQTT 5 properties a rule can use. User properties keep
 * their order and may repeat a key, as the protocol allows.
 */
public final class MqttRecord implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final byte[] payload;
    private final int qos;
    private final boolean retained;
    private final boolean duplicate;
    private final List<Map.Entry<String, String>> userProperties;
    private final String contentType;
    private final Boolean payloadFormatUtf8;
    private final Long messageExpiryInterval;
    private final String responseTopic;
    private final byte[] correlationData;
    private final long receivedAtMillis;

    public MqttRecord(String topic, byte[] payload, int qos, boolean retained, boolean duplicate,
                      List<Map.Entry<String, String>> userProperties, String contentType,
                      Boolean payloadFormatUtf8, Long messageExpiryInterval, String responseTopic,
                      byte[] correlationData, long receivedAtMillis) {
        this.topic = topic;
        this.payload = payload;
        this.qos = qos;
        this.retained = retained;
        this.duplicate = duplicate;
        this.userProperties = List.copyOf(userProperties);
        this.contentType = contentType;
        this.payloadFormatUtf8 = payloadFormatUtf8;
        this.messageExpiryInterval = messageExpiryInterval;
        this.responseTopic = responseTopic;
        this.correlationData = correlationData;
        this.receivedAtMillis = receivedAtMillis;
    }

    public String topic() {
        return topic;
    }

    public byte[] payload() {
        return payload;
    }

    public int qos() {
        return qos;
    }

    public boolean retained() {
        return retained;
    }

    public boolean duplicate() {
        return duplicate;
    }

    public List<Map.Entry<String, String>> userProperties() {
        return userProperties;
    }

    public String contentType() {
        return contentType;
    }

    /** {@code null} when the publisher did not set the Payload Format Indicator. */
    public Boolean payloadFormatUtf8() {
        return payloadFormatUtf8;
    }

    public Long messageExpiryInterval() {
        return messageExpiryInterval;
    }

    public String responseTopic() {
        return responseTopic;
    }

    public byte[] correlationData() {
        return correlationData;
    }

    public long receivedAtMillis() {
        return receivedAtMillis;
    }
}
