package io.github.mqttkafkabridge.mqtt.source.enumerator;

import io.github.mqttkafkabridge.mqtt.source.split.MqttSubscriptionSplit;

import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates {@code sessionsPerSubtask} session splits per reader and hands session {@code i} to subtask
 * {@code i % parallelism}, so a subtask keeps the same MQTT client ids across restarts.
 */
public final class MqttSplitEnumerator implements SplitEnumerator<MqttSubscriptionSplit, MqttEnumeratorState> {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSplitEnumerator.class);

    private final SplitEnumeratorContext<MqttSubscriptionSplit> context;
    private final int sessionsPerSubtask;
    private final TreeSet<Integer> unassigned;
    private int createdSessions;

    public MqttSplitEnumerator(SplitEnumeratorContext<MqttSubscriptionSplit> context, MqttEnumeratorState state,
                               int sessionsPerSubtask) {
        this.context = context;
        this.sessionsPerSubtask = sessionsPerSubtask;
        this.unassigned = new TreeSet<>(state.unassigned());
        this.createdSessions = state.createdSessions();
    }

    @Override
    public void start() {
        // A larger parallelism after a restore gets new sessions; existing ones keep their indices.
        while (createdSessions < context.currentParallelism() * sessionsPerSubtask) {
            unassigned.add(createdSessions++);
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        assignTo(subtaskId);
    }

    @Override
    public void addSplitsBack(List<MqttSubscriptionSplit> splits, int subtaskId) {
        // The reader's checkpointed split state comes back with the restored reader; only the index matters here.
        for (MqttSubscriptionSplit split : splits) {
            unassigned.add(split.sessionIndex());
        }
    }

    @Override
    public void addReader(int subtaskId) {
        assignTo(subtaskId);
    }

    private void assignTo(int subtaskId) {
        if (!context.registeredReaders().containsKey(subtaskId)) {
            return;
        }
        Iterator<Integer> it = unassigned.iterator();
        while (it.hasNext()) {
            int index = it.next();
            if (index % context.currentParallelism() == subtaskId) {
                it.remove();
                LOG.info("Assigning MQTT session {} to subtask {}", index, subtaskId);
                context.assignSplit(new MqttSubscriptionSplit(index), subtaskId);
            }
        }
    }

    @Override
    public MqttEnumeratorState snapshotState(long checkpointId) {
        return new MqttEnumeratorState(createdSessions, Set.copyOf(unassigned));
    }

    @Override
    public void close() {}
}
