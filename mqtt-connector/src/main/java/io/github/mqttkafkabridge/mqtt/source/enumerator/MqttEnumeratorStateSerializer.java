package io.github.mqttkafkabridge.mqtt.source.enumerator;

import org.apache.flink.core.io.SimpleVersionedSerializer;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/** Versioned serializer for {@link MqttEnumeratorState}. */
public final class MqttEnumeratorStateSerializer implements SimpleVersionedSerializer<MqttEnumeratorState> {
    private static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(MqttEnumeratorState state) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(state.createdSessions());
            out.writeInt(state.unassigned().size());
            for (int index : state.unassigned()) {
                out.writeInt(index);
            }
        }
        return bytes.toByteArray();
    }

    @Override
    public MqttEnumeratorState deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("Unknown MQTT enumerator state version " + version);
        }
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
            int created = in.readInt();
            int n = in.readInt();
            Set<Integer> unassigned = new HashSet<>();
            for (int i = 0; i < n; i++) {
                unassigned.add(in.readInt());
            }
            return new MqttEnumeratorState(created, unassigned);
        }
    }
}
