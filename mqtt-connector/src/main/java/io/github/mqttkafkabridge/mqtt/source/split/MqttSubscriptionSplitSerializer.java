package io.github.mqttkafkabridge.mqtt.source.split;

import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Versioned serializer for {@link MqttSubscriptionSplit}. */
public final class MqttSubscriptionSplitSerializer implements SimpleVersionedSerializer<MqttSubscriptionSplit> {
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(MqttSubscriptionSplit split) {
        return ByteBuffer.allocate(4).putInt(split.sessionIndex()).array();
    }

    @Override
    public MqttSubscriptionSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("Unknown MQTT split serializer version " + version);
        }
        return new MqttSubscriptionSplit(ByteBuffer.wrap(serialized).getInt());
    }
}
