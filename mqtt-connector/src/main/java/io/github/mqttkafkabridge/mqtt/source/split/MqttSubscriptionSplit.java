package io.github.mqttkafkabridge.mqtt.source.split;

import org.apache.flink.api.connector.source.SourceSplit;

import javax.annotation.Nullable;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One persistent MQTT session. The index gives the session a stable client id, so after a restart the broker
 * recognises the session and redelivers what was not acknowledged. The checkpointed identities are those of
 * messages the checkpoint covers whose acknowledgement may not have reached the broker: their redeliveries are
 * acknowledged and dropped instead of forwarded twice. {@code established} says the session has been connected
 * before, so a broker that no longer has it has lost messages the bridge relied on. The subscribed filters are
 * those the broker may hold for the session (as sent, shared or plain): a job restored with other filters (a rule
 * removed or a parallelism changed) unsubscribes the ones it no longer wants. Unknown for a split that no reader
 * has checkpointed (and in state written before version 3).
 */
public final class MqttSubscriptionSplit implements SourceSplit {
    private final int sessionIndex;
    private final long[] forwardedIdentities;
    private final boolean established;
    @Nullable private final List<String> subscribedFilters;

    public MqttSubscriptionSplit(int sessionIndex) {
        this(sessionIndex, new long[0], false, null);
    }

    public MqttSubscriptionSplit(int sessionIndex, long[] forwardedIdentities, boolean established,
                                 @Nullable List<String> subscribedFilters) {
        this.sessionIndex = sessionIndex;
        this.forwardedIdentities = forwardedIdentities;
        this.established = established;
        this.subscribedFilters = subscribedFilters == null ? null : List.copyOf(subscribedFilters);
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

    /** The filters the broker may hold for this session, if known. */
    public Optional<List<String>> subscribedFilters() {
        return Optional.ofNullable(subscribedFilters);
    }

    @Override
    public String splitId() {
        return "session-" + sessionIndex;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MqttSubscriptionSplit other && other.sessionIndex == sessionIndex
                && other.established == established && Arrays.equals(other.forwardedIdentities, forwardedIdentities)
                && Objects.equals(other.subscribedFilters, subscribedFilters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(sessionIndex, Arrays.hashCode(forwardedIdentities), established, subscribedFilters);
    }

    @Override
    public String toString() {
        return splitId() + "(" + forwardedIdentities.length + " forwarded identities"
                + (established ? ", established" : "")
                + (subscribedFilters == null ? "" : ", subscribed to " + subscribedFilters) + ")";
    }
}
