package io.github.mqttkafkabridge.mqtt.source.enumerator;

import java.util.Set;
import java.util.TreeSet;

/** Sessions created so far and the ones waiting for a reader. */
public final class MqttEnumeratorState {
    private final int createdSessions;
    private final Set<Integer> unassigned;

    public MqttEnumeratorState(int createdSessions, Set<Integer> unassigned) {
        this.createdSessions = createdSessions;
        this.unassigned = new TreeSet<>(unassigned);
    }

    public static MqttEnumeratorState empty() {
        return new MqttEnumeratorState(0, Set.of());
    }

    public int createdSessions() {
        return createdSessions;
    }

    public Set<Integer> unassigned() {
        return unassigned;
    }
}
