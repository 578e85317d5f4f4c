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
import org.eclipse.paho.mqttv5.common.MqttException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Emits messages of its MQTT sessions and acknowledges them according to the {@link MqttAckMode}: with
 * {@code ON_CHECKPOINT} a message is acknowledged only after the checkpoint that covers it completes.
 */
public final class MqttSourceReader<T> implements SourceReader<T, MqttSubscriptionSplit> {
    private static final int QUEUE_CAPACITY = 10_000;

    private final SourceReaderContext context;
    private final MqttSourceOptions options;
    private final MqttDeserializationSchema<T> deserializer;
    private final ReceivedQueue queue = new ReceivedQueue(QUEUE_CAPACITY);
    private final PendingAcks<ReceivedMessage> pendingAcks = new PendingAcks<>();
    private final List<MqttSubscriptionSplit> splits = new ArrayList<>();
    private final List<MqttSubscriberSession> sessions = new ArrayList<>();
    private final Counter received;
    private final Counter acked;

    public MqttSourceReader(SourceReaderContext context, MqttSourceOptions options,
                            MqttDeserializationSchema<T> deserializer) {
        this.context = context;
        this.options = options;
        this.deserializer = deserializer;
        this.received = context.metricGroup().counter("received");
        this.acked = context.metricGroup().counter("acked");
        context.metricGroup().gauge("pendingAcks", pendingAcks::size);
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
        output.collect(deserializer.deserialize(message.record), message.record.receivedAtMillis());
        if (options.ackMode() == MqttAckMode.ON_EMIT) {
            message.acknowledge();
            acked.inc();
        } else {
            pendingAcks.emitted(message);
        }
        return queue.isEmpty() ? InputStatus.NOTHING_AVAILABLE : InputStatus.MORE_AVAILABLE;
    }

    @Override
    public List<MqttSubscriptionSplit> snapshotState(long checkpointId) {
        pendingAcks.checkpointTaken(checkpointId);
        return new ArrayList<>(splits);
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        // PUBACKs go out in the order the messages were received, as MQTT requires.
        for (ReceivedMessage message : pendingAcks.checkpointCompleted(checkpointId)) {
            message.acknowledge();
            acked.inc();
        }
    }

    @Override
    public CompletableFuture<Void> isAvailable() {
        return queue.availability();
    }

    @Override
    public void addSplits(List<MqttSubscriptionSplit> newSplits) {
        for (MqttSubscriptionSplit split : newSplits) {
            MqttSubscriberSession session =
                    new MqttSubscriberSession(options, split.sessionIndex(), context.currentParallelism(), queue);
            try {
                session.open();
            } catch (MqttException e) {
                session.close();
                throw new IllegalStateException("Could not connect MQTT source session " + session.clientId()
                        + " to " + options.broker().serverUri() + ": " + e.getMessage(), e);
            }
            sessions.add(session);
            splits.add(split);
        }
    }

    @Override
    public void notifyNoMoreSplits() {}

    @Override
    public void close() {
        for (MqttSubscriberSession session : sessions) {
            session.close();
        }
    }
}
