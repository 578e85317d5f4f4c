package io.github.mqttkafkabridge.mqtt.source.reader;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Identities of the messages a session forwarded whose acknowledgement the broker may not have: those still
 * waiting for their checkpoint, and those acknowledged in the last few checkpoints (a PUBACK can be lost with the
 * connection). A redelivery (DUP = 1) of one of them is not forwarded again. Used from the task thread only.
 */
final class ForwardedMessages {
    /** Completed checkpoints for which an acknowledged identity is remembered, counted while connected. */
    static final int REMEMBER_CHECKPOINTS = 3;

    /** What to do with a redelivered message. */
    enum Verdict {
        /** Not seen: forward it. */
        FORWARD,
        /** Forwarded and waiting for its checkpoint: drop it; the pending acknowledgement now targets it. */
        DROP_ACK_WITH_CHECKPOINT,
        /** Forwarded and covered by a completed checkpoint: drop it and acknowledge it now. */
        DROP_ACK_NOW
    }

    private final Map<Long, ReceivedMessage> pending = new HashMap<>();
    private final Map<Long, Long> acknowledged = new HashMap<>();
    private long generation;
    private long lastReconnectGeneration;

    /** Starts from the identities a restored checkpoint covered: they are in the sink already. */
    ForwardedMessages(long[] restored) {
        for (long id : restored) {
            acknowledged.put(id, 0L);
        }
    }

    void forwarded(ReceivedMessage message) {
        pending.put(message.identity, message);
    }

    Verdict redelivered(ReceivedMessage redelivery) {
        ReceivedMessage original = pending.get(redelivery.identity);
        if (original != null) {
            original.redirectTo(redelivery);
            return Verdict.DROP_ACK_WITH_CHECKPOINT;
        }
        return acknowledged.containsKey(redelivery.identity) ? Verdict.DROP_ACK_NOW : Verdict.FORWARD;
    }

    /** The checkpoint covering {@code message} completed and its acknowledgement was sent (or could not be). */
    void released(ReceivedMessage message) {
        pending.remove(message.identity, message);
        acknowledged.put(message.identity, generation);
    }

    void reconnected() {
        lastReconnectGeneration = generation;
    }

    /** Forgets acknowledged identities older than {@link #REMEMBER_CHECKPOINTS} checkpoints without a reconnect. */
    void checkpointCompleted() {
        generation++;
        if (generation - lastReconnectGeneration <= REMEMBER_CHECKPOINTS) {
            return;
        }
        Iterator<Map.Entry<Long, Long>> it = acknowledged.entrySet().iterator();
        while (it.hasNext()) {
            if (it.next().getValue() < generation - REMEMBER_CHECKPOINTS) {
                it.remove();
            }
        }
    }

    /** What a checkpoint must remember: every identity whose acknowledgement may not have reached the broker. */
    long[] snapshot() {
        long[] ids = new long[pending.size() + acknowledged.size()];
        int i = 0;
        for (long id : pending.keySet()) {
            ids[i++] = id;
        }
        for (long id : acknowledged.keySet()) {
            if (!pending.containsKey(id)) {
                ids[i++] = id;
            }
        }
        return java.util.Arrays.copyOf(ids, i);
    }
}
