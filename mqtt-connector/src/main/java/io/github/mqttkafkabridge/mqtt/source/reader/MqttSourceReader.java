package io.github.mqttkafkabridge.mqtt.source.reader;

import io.github.mqttkafkabridge.mqtt.source.MqttAckMode;
import io.github.mqttkafkabridge.mqtt.source.MqttDeserializationSchema;
import io.github.mqttkafkabridge.mqtt.source.MqttSourceOptions;
import io.github.mqttkafkabridge.mqtt.source.split.MqttSubscriptionSplit;

import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Emits messages of its MQTT sessions and acknowledges them according to the {@link MqttAckMode}: with
 * {@code ON_CHECKPOINT} a message is acknowledged only after the checkpoint that covers it completes, and a
 * redelivery of a message already forwarded is acknowledged and dropped.
 */
public final class MqttSourceReader<T> implements SourceReader<T, MqttSubscriptionSplit> {
    private static final int QUEUE_CAPACITY = 10_000;

    private final SourceReaderContext context;
    private final MqttSourceOptions options;
    private final MqttDeserializationSchema<T> deserializer;
    private final ReceivedQueue queue = new ReceivedQueue(QUEUE_CAPACITY);
    private final PendingAcks<ReceivedMessage> pendingAcks = new PendingAcks<>();
    private final List<MqttSubscriberSession> sessions = new ArrayList<>();
    private final Map<MqttSubscriberSession, Long> epochAtLastCheckpoint = new HashMap<>();
    /** Connects, subscribes and reconnects the sessions, so that the task thread never waits for a broker. */
    private final ScheduledExecutorService connector = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "mqtt-source-connector");
        t.setDaemon(true);
        return t;
    });
    private final Counter received;
    private final Counter emitted;
    private final Counter acked;
    private final Counter duplicatesDropped;
    private final Counter redeliveries;
    private final MqttSubscriberSession.SessionCounters sessionCounters;
    private final Counter windowFull;

    public MqttSourceReader(SourceReaderContext context, MqttSourceOptions options,
                            MqttDeserializationSchema<T> deserializer) {
        this.context = context;
        this.options = options;
        this.deserializer = deserializer;
        MetricGroup metrics = context.metricGroup();
        this.received = metrics.counter("received");
        this.emitted = metrics.counter("emitted");
        this.acked = metrics.counter("acked");
        this.duplicatesDropped = metrics.counter("duplicatesDropped");
        this.redeliveries = metrics.counter("redeliveries");
        this.sessionCounters = new MqttSubscriberSession.SessionCounters(
                metrics.counter("reconnects"), metrics.counter("sessionsLost"));
        this.windowFull = metrics.counter("inflightWindowFull");
        metrics.gauge("pendingAcks", pendingAcks::size);
    }

    @Override
    public void start() {}

    @Override
    public InputStatus pollNext(ReaderOutput<T> output) {
        for (MqttSubscriberSession session : sessions) {
            session.checkFailure();
        }
        ReceivedMessage message = queue.poll();
        if (message == null) {
            return InputStatus.NOTHING_AVAILABLE;
        }
        received.inc();
        boolean checkpointed = options.ackMode() == MqttAckMode.ON_CHECKPOINT;
        // Every QoS 1 message is checked, not only DUP = 1 ones: Paho does not report the DUP flag.
        if (checkpointed && message.messageId() != 0 && !forwardRedelivery(message)) {
            return nextStatus();
        }
        output.collect(deserializer.deserialize(message.record()), message.record().receivedAtMillis());
        emitted.inc();
        message.emitted();
        if (checkpointed) {
            pendingAcks.emitted(message);
            message.session.forwarded().forwarded(message);
        } else {
            acknowledge(message);
        }
        return nextStatus();
    }

    /** Whether a message must be forwarded; a redelivery of one already forwarded is dropped (and acked in time). */
    private boolean forwardRedelivery(ReceivedMessage message) {
        switch (message.session.forwarded().redelivered(message)) {
            case DROP_ACK_NOW:
                redeliveries.inc();
                duplicatesDropped.inc();
                acknowledge(message);
                return false;
            case DROP_ACK_WITH_CHECKPOINT:
                redeliveries.inc();
                duplicatesDropped.inc();
                return false;
            default:
                return true;
        }
    }

    private InputStatus nextStatus() {
        return queue.isEmpty() ? InputStatus.NOTHING_AVAILABLE : InputStatus.MORE_AVAILABLE;
    }

    private void acknowledge(ReceivedMessage message) {
        if (message.session.acknowledge(message)) {
            acked.inc();
        }
    }

    @Override
    public List<MqttSubscriptionSplit> snapshotState(long checkpointId) {
        pendingAcks.checkpointTaken(checkpointId);
        List<MqttSubscriptionSplit> state = new ArrayList<>();
        for (MqttSubscriberSession session : sessions) {
            if (session.window().checkAtCheckpoint(session.unacknowledged(), queue.isEmpty())) {
                windowFull.inc();
            }
            state.add(session.snapshotSplit());
        }
        return state;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        for (MqttSubscriberSession session : sessions) {
            long epoch = session.connectionEpoch();
            if (epochAtLastCheckpoint.put(session, epoch) != epoch) {
                session.forwarded().reconnected();
            }
        }
        // PUBACKs go out in the order the messages were received, as MQTT requires.
        for (ReceivedMessage message : pendingAcks.checkpointCompleted(checkpointId)) {
            acknowledge(message);
            message.session.forwarded().released(message);
        }
        for (MqttSubscriberSession session : sessions) {
            session.forwarded().checkpointCompleted(session.isConnected());
        }
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return queue.availability();
    }

    @Override
    public void addSplits(List<MqttSubscriptionSplit> newSplits) {
        // Sessions are never given up: after a restore at a lower parallelism one subtask runs several (all
        // restored at once), which stay members of the shared-subscription group.
        boolean shared = context.currentParallelism() * options.sessionsPerSubtask() > 1 || newSplits.size() > 1
                || newSplits.stream().anyMatch(split -> split.sessionIndex() > 0);
        for (MqttSubscriptionSplit split : newSplits) {
            MqttSubscriberSession session =
                    new MqttSubscriberSession(options, split, shared, queue, connector, sessionCounters);
            sessions.add(session);
            // Returns at once: the broker may send a backlog before the SUBACK, which this thread must drain.
            session.start();
            epochAtLastCheckpoint.put(session, session.connectionEpoch());
        }
    }

    @Override
    public void notifyNoMoreSplits() {}

    @Override
    public void close() {
        connector.shutdownNow();
        queue.close();
        for (MqttSubscriberSession session : sessions) {
            session.close();
        }
    }
}
