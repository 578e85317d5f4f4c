package io.github.mqttkafkabridge.mqtt.source.reader;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * Identities of the messages a session forwarded whose acknowledgement the broker may not have: those still
 * waiting for their checkpoint, and those acknowledged in the last few checkpoints (a PUBACK can be lost with the
 * connection). A redelivery of one of them is not forwarded again.
 *
 * <p>A broker resends unacknowledged messages first when a session resumes. So an acknowledged (or restored)
 * identity is only looked for at the start of a connection, until the first message that is not a redelivery:
 * later messages may reuse a packet identifier whose PUBACK did arrive. Pending identities are looked for at any
 * time: the broker does not reuse their packet identifiers while they are unacknowledged. Used from the task
 * thread only.
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
    private long redeliveryEpoch;
    private boolean inRedeliveryPhase = true;

    /** Starts from the identities a restored checkpoint covered: they are in the sink already. */
    ForwardedMessages(long[] restored) {
        for (long id : restored) {
            acknowledged.put(id, 0L);
        }
    }

    void forwarded(ReceivedMessage message) {
        pending.put(message.identity, message);
    }

    Verdict redelivered(ReceivedMessage message) {
        long epoch = message.connectionEpoch();
        if (epoch > redeliveryEpoch) {
            redeliveryEpoch = epoch;
            inRedeliveryPhase = true;
        }
        ReceivedMessage original = pending.get(message.identity);
        if (original != null && original.connectionEpoch() < epoch) {
            original.redirectTo(message);
            return Verdict.DROP_ACK_WITH_CHECKPOINT;
        }
        if (inRedeliveryPhase && epoch == redeliveryEpoch && acknowledged.containsKey(message.identity)) {
            return Verdict.DROP_ACK_NOW;
        }
        if (epoch == redeliveryEpoch) {
            inRedeliveryPhase = false;
        }
        return Verdict.FORWARD;
    }

    /** The checkpoint covering {@code message} completed and its acknowledgement was sent (or could not be). */
    void released(ReceivedMessage message) {
        pending.remove(message.identity, message);
        acknowledged.put(message.identity, generation);
    }

    void reconnected() {
        lastReconnectGeneration = generation;
    }

    /**
     * Forgets acknowledged identities older than {@link #REMEMBER_CHECKPOINTS} checkpoints, unless the connection
     * is down or came back recently (its redeliveries may still be due).
     */
    void checkpointCompleted(boolean connected) {
        generation++;
        if (!connected || generation - lastReconnectGeneration <= REMEMBER_CHECKPOINTS) {
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
        return Arrays.copyOf(ids, i);
    }
}
