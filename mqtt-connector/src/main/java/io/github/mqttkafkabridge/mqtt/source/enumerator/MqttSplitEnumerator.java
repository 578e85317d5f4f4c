package io.github.mqttkafkabridge.mqtt.source.enumerator;

import io.github.mqttkafkabridge.mqtt.source.split.MqttSubscriptionSplit;

import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Creates one session split per reader and hands session {@code i} to subtask {@code i} when it can, so a
 * subtask keeps the same MQTT client id across restarts.
 */
public final class MqttSplitEnumerator implements SplitEnumerator<MqttSubscriptionSplit, MqttEnumeratorState> {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSplitEnumerator.class);

    private final SplitEnumeratorContext<MqttSubscriptionSplit> context;
    private final TreeSet<Integer> unassigned;
    private int createdSessions;

    public MqttSplitEnumerator(SplitEnumeratorContext<MqttSubscriptionSplit> context, MqttEnumeratorState state) {
        this.context = context;
        this.unassigned = new TreeSet<>(state.unassigned());
        this.createdSessions = state.createdSessions();
    }

    @Override
    public void start() {
        // A larger parallelism after a restore gets new sessions; existing ones keep their indices.
        while (createdSessions < context.currentParallelism()) {
            unassigned.add(createdSessions++);
        }
    }

    @Override
    public void handleSplitRequest(int subtaskId, String requesterHostname) {
        assignTo(subtaskId);
    }

    @Override
    public void addSplitsBack(List<MqttSubscriptionSplit> splits, int subtaskId) {
        for (MqttSubscriptionSplit split : splits) {
            unassigned.add(split.sessionIndex());
        }
    }

    @Override
    public void addReader(int subtaskId) {
        assignTo(subtaskId);
    }

    private void assignTo(int subtaskId) {
        if (!context.registeredReaders().containsKey(subtaskId) || unassigned.isEmpty()) {
            return;
        }
        Integer index = unassigned.contains(subtaskId) ? Integer.valueOf(subtaskId) : null;
        if (index == null && unassigned.first() >= context.currentParallelism()) {
            // Sessions left over after scaling in: give them to whoever asks so none is abandoned.
            index = unassigned.first();
        }
        if (index == null) {
            return;
        }
        unassigned.remove(index);
        LOG.info("Assigning MQTT session {} to subtask {}", index, subtaskId);
        context.assignSplit(new MqttSubscriptionSplit(index), subtaskId);
    }

    @Override
    public MqttEnumeratorState snapshotState(long checkpointId) {
        return new MqttEnumeratorState(createdSessions, Set.copyOf(unassigned));
    }

    @Override
    public void close() {}
}
