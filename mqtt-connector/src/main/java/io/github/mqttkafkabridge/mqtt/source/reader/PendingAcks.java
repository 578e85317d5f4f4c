package io.github.mqttkafkabridge.mqtt.source.reader;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Acknowledgement bookkeeping for ack-on-checkpoint: handles of emitted messages are filed under the checkpoint
 * that covers them and released, in emission order, when that checkpoint (or a later one) completes.
 * Not thread-safe: used from the task's mailbox thread only.
 */
public final class PendingAcks<H> {
    private List<H> sinceLastCheckpoint = new ArrayList<>();
    private final TreeMap<Long, List<H>> byCheckpoint = new TreeMap<>();

    public void emitted(H handle) {
        sinceLastCheckpoint.add(handle);
    }

    /** Files everything emitted since the previous checkpoint under {@code checkpointId}. */
    public void checkpointTaken(long checkpointId) {
        // Hand the list over and start a fresh one: later emissions belong to the next checkpoint.
        byCheckpoint.put(checkpointId, sinceLastCheckpoint);
        sinceLastCheckpoint = new ArrayList<>();
    }

    /** Removes and returns, in emission order, the handles of every checkpoint up to {@code checkpointId}. */
    public List<H> checkpointCompleted(long checkpointId) {
        List<H> released = new ArrayList<>();
        Iterator<Map.Entry<Long, List<H>>> it = byCheckpoint.headMap(checkpointId, true).entrySet().iterator();
        while (it.hasNext()) {
            released.addAll(it.next().getValue());
            it.remove();
        }
        return released;
    }

    /** Number of handles not yet released. */
    public int size() {
        int n = sinceLastCheckpoint.size();
        for (List<H> l : byCheckpoint.values()) {
            n += l.size();
        }
        return n;
    }
}
