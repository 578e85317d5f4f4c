package io.github.mqttkafkabridge.mqtt.source.split;

import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Versioned serializer for {@link MqttSubscriptionSplit}. Version 2 added the established flag (a version 1 split
 * comes from a job that ran, so its session is taken as established); version 3 the subscribed filters (unknown
 * in older versions).
 */
public final class MqttSubscriptionSplitSerializer implements SimpleVersionedSerializer<MqttSubscriptionSplit> {
    private static final int VERSION = 3;
    private static final int UNKNOWN_FILTERS = -1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(MqttSubscriptionSplit split) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(split.sessionIndex());
            long[] ids = split.forwardedIdentities();
            out.writeInt(ids.length);
            for (long id : ids) {
                out.writeLong(id);
            }
            out.writeBoolean(split.established());
            List<String> filters = split.subscribedFilters().orElse(null);
            out.writeInt(filters == null ? UNKNOWN_FILTERS : filters.size());
            if (filters != null) {
                for (String filter : filters) {
                    out.writeUTF(filter);
                }
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public MqttSubscriptionSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version < 1 || version > VERSION) {
            throw new IOException("Unknown MQTT split serializer version " + version);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            int index = in.readInt();
            long[] ids = new long[in.readInt()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = in.readLong();
            }
            boolean established = version == 1 || in.readBoolean();
            List<String> filters = null;
            if (version >= 3) {
                int n = in.readInt();
                if (n != UNKNOWN_FILTERS) {
                    filters = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        filters.add(in.readUTF());
                    }
                }
            }
            return new MqttSubscriptionSplit(index, ids, established, filters);
        }
    }
}
