package io.github.mqttkafkabridge.mqtt.source;

import io.github.mqttkafkabridge.mqtt.source.enumerator.MqttEnumeratorState;
import io.github.mqttkafkabridge.mqtt.source.enumerator.MqttEnumeratorStateSerializer;
import io.github.mqttkafkabridge.mqtt.source.enumerator.MqttSplitEnumerator;
import io.github.mqttkafkabridge.mqtt.source.reader.MqttSourceReader;
import io.github.mqttkafkabridge.mqtt.source.split.MqttSubscriptionSplit;
import io.github.mqttkafkabridge.mqtt.source.split.MqttSubscriptionSplitSerializer;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * An unbounded FLIP-27 source that subscribes to MQTT topic filters at QoS 1. Each split is one persistent MQTT
 * session with a stable client id; with {@link MqttAckMode#ON_CHECKPOINT} a message is acknowledged only once
 * the checkpoint covering it has completed.
 */
public final class MqttSource<T>
        implements Source<T, MqttSubscriptionSplit, MqttEnumeratorState>, ResultTypeQueryable<T> {
    private static final long serialVersionUID = 1L;

    private final MqttSourceOptions options;
    private final MqttDeserializationSchema<T> deserializer;

    MqttSource(MqttSourceOptions options, MqttDeserializationSchema<T> deserializer) {
        this.options = options;
        this.deserializer = deserializer;
    }

    public static <T> MqttSourceBuilder<T> builder() {
        return new MqttSourceBuilder<>();
    }

    public MqttSourceOptions options() {
        return options;
    }

    @Override
    public Boundedness getBoundedness() {
        return Boundedness.CONTINUOUS_UNBOUNDED;
    }

    @Override
    public SourceReader<T, MqttSubscriptionSplit> createReader(SourceReaderContext context) {
        return new MqttSourceReader<>(context, options, deserializer);
    }

    @Override
    public SplitEnumerator<MqttSubscriptionSplit, MqttEnumeratorState> createEnumerator(
            SplitEnumeratorContext<MqttSubscriptionSplit> context) {
        return new MqttSplitEnumerator(context, MqttEnumeratorState.empty(), options.sessionsPerSubtask());
    }

    @Override
    public SplitEnumerator<MqttSubscriptionSplit, MqttEnumeratorState> restoreEnumerator(
            SplitEnumeratorContext<MqttSubscriptionSplit> context, MqttEnumeratorState checkpoint) {
        return new MqttSplitEnumerator(context, checkpoint, options.sessionsPerSubtask());
    }

    @Override
    public SimpleVersionedSerializer<MqttSubscriptionSplit> getSplitSerializer() {
        return new MqttSubscriptionSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<MqttEnumeratorState> getEnumeratorCheckpointSerializer() {
        return new MqttEnumeratorStateSerializer();
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return deserializer.getProducedType();
    }
}
