package io.github.mqttkafkabridge.mqtt.source.split;

import org.apache.flink.api.connector.source.SourceSplit;

import java.util.Objects;

/**
 * One persistent MQTT session. The index gives the session a stable client id, so after a restart the broker
 * recognises the session and redelivers what was not acknowledged.
 */
public final class MqttSubscriptionSplit implements SourceSplit {
    private final int sessionIndex;

    public MqttSubscriptionSplit(int sessionIndex) {
        this.sessionIndex = sessionIndex;
    }

    public int sessionIndex() {
        return sessionIndex;
    }

    @Override
    public String splitId() {
        return "session-" + sessionIndex;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MqttSubscriptionSplit && ((MqttSubscriptionSplit) o).sessionIndex == sessionIndex;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sessionIndex);
    }

    @Override
    public String toString() {
        return splitId();
    }
}
