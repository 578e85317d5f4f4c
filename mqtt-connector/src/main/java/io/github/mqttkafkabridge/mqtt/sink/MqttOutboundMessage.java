package io.github.mqttkafkabridge.mqtt.sink;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** What the sink publishes: topic, payload and the PUBLISH options. */
public final class MqttOutboundMessage implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final byte[] payload;
    private final int qos;
    private final boolean retain;
    private final List<Map.Entry<String, String>> userProperties;

    public MqttOutboundMessage(String topic, byte[] payload, int qos, boolean retain,
                               List<Map.Entry<String, String>> userProperties) {
        this.topic = topic;
        this.payload = payload;
        this.qos = qos;
        this.retain = retain;
        this.userProperties = List.copyOf(userProperties);
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
}
