package io.github.mqttkafkabridge.mqtt.sink;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** What the sink publishes: topic, payload and the PUBLISH options and MQTT 5 properties. */
public final class MqttOutboundMessage implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final byte[] payload;
    private final int qos;
    private final boolean retain;
    private final List<Map.Entry<String, String>> userProperties;
    private final String contentType;
    private final Boolean payloadFormatUtf8;
    private final Long messageExpiryInterval;
    private final String responseTopic;
    private final byte[] correlationData;

    public MqttOutboundMessage(String topic, byte[] payload, int qos, boolean retain,
                               List<Map.Entry<String, String>> userProperties) {
        this(topic, payload, qos, retain, userProperties, null, null, null, null, null);
    }

    public MqttOutboundMessage(String topic, byte[] payload, int qos, boolean retain,
                               List<Map.Entry<String, String>> userProperties, String contentType,
                               Boolean payloadFormatUtf8, Long messageExpiryInterval, String responseTopic,
                               byte[] correlationData) {
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("qos: " + qos + " is not 0, 1 or 2");
        }
        this.topic = topic;
        this.payload = payload;
        this.qos = qos;
        this.retain = retain;
        this.userProperties = List.copyOf(userProperties);
        this.contentType = contentType;
        this.payloadFormatUtf8 = payloadFormatUtf8;
        this.messageExpiryInterval = messageExpiryInterval;
        this.responseTopic = responseTopic;
        this.correlationData = correlationData;
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

    public boolean retain() {
        return retain;
    }

    public List<Map.Entry<String, String>> userProperties() {
        return userProperties;
    }

    public String contentType() {
        return contentType;
    }

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
}
