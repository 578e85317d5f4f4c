package io.github.mqttkafkabridge.mqtt.source.split;

import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Versioned serializer for {@link MqttSubscriptionSplit}. Version 2 adds the established flag; a version 1 split
 * comes from a job that ran, so its session is taken as established.
 */
public final class MqttSubscriptionSplitSerializer implements SimpleVersionedSerializer<MqttSubscriptionSplit> {
    private static final int VERSION = 2;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(MqttSubscriptionSplit split) {
        long[] ids = split.forwardedIdentities();
        ByteBuffer buf = ByteBuffer.allocate(9 + 8 * ids.length).putInt(split.sessionIndex()).putInt(ids.length);
        for (long id : ids) {
            buf.putLong(id);
        }
        buf.put((byte) (split.established() ? 1 : 0));
        return buf.array();
    }

    @Override
    public MqttSubscriptionSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != 1 && version != VERSION) {
            throw new IOException("Unknown MQTT split serializer version " + version);
        }
        ByteBuffer buf = ByteBuffer.wrap(serialized);
        int index = buf.getInt();
        long[] ids = new long[buf.getInt()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = buf.getLong();
        }
        boolean established = version == 1 || buf.get() == 1;
        return new MqttSubscriptionSplit(index, ids, established);
    }
}
