package io.github.mqttkafkabridge.mqtt.source.split;

import org.apache.flink.api.connector.source.SourceSplit;

import java.util.Arrays;

/**
 * One persistent MQTT session. The index gives the session a stable client id, so after a restart the broker
 * recognises the session and redelivers what was not acknowledged. The checkpointed identities are those of
 * messages the checkpoint covers whose acknowledgement may not have reached the broker: their redeliveries are
 * acknowledged and dropped instead of forwarded twice. {@code established} says the session has been connected
 * before, so a broker that no longer has it has lost messages the bridge relied on.
 */
public final class MqttSubscriptionSplit implements SourceSplit {
    private final int sessionIndex;
    private final long[] forwardedIdentities;
    private final boolean established;

    public MqttSubscriptionSplit(int sessionIndex) {
        this(sessionIndex, new long[0], false);
    }

    public MqttSubscriptionSplit(int sessionIndex, long[] forwardedIdentities, boolean established) {
        this.sessionIndex = sessionIndex;
        this.forwardedIdentities = forwardedIdentities;
        this.established = established;
    }

    public int sessionIndex() {
        return sessionIndex;
    }

    public long[] forwardedIdentities() {
        return forwardedIdentities;
    }

    /** Whether the broker has had this session before (so it should still have it). */
    public boolean established() {
        return established;
    }

    @Override
    public String splitId() {
        return "session-" + sessionIndex;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MqttSubscriptionSplit other && other.sessionIndex == sessionIndex
                && other.established == established && Arrays.equals(other.forwardedIdentities, forwardedIdentities);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * sessionIndex + Arrays.hashCode(forwardedIdentities)) + Boolean.hashCode(established);
    }

    @Override
    public String toString() {
        return splitId() + "(" + forwardedIdentities.length + " forwarded identities"
                + (established ? ", established" : "") + ")";
    }
}
