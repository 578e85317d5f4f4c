package io.github.mqttkafkabridge.bridge.value;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

import java.io.IOException;

/**
 * Writes rule values where Flink has to (between operators that are not chained, in window state, and once per
 * message and field where a SQL projection reads a rule value: the planner copies the field, keeping the object
 * and copying its bytes, see {@code RawValueDataSerializer.copy}): a
 * {@link JsonText} stays text that decodes on use, a {@link RuleError} stays an error, any other value is its
 * JSON text. Values are immutable once made, so a copy is the value itself.
 */
public final class RuleValueSerializer extends TypeSerializerSingleton<Object> {
    private static final long serialVersionUID = 1L;
    public static final RuleValueSerializer INSTANCE = new RuleValueSerializer();

    private static final byte JSON = 1;
    private static final byte TEXT = 2;
    private static final byte ERROR = 3;

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public Object createInstance() {
        return null;
    }

    @Override
    public Object copy(Object from) {
        return from;
    }

    @Override
    public Object copy(Object from, Object reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Object record, DataOutputView target) throws IOException {
        if (record instanceof JsonText text) {
            // UTF-8 in one write: the planner serializes the payload of every message once (it copies RAW
            // fields a projection reads), so this is on the hot path.
            byte[] bytes = text.utf8();
            target.writeByte(TEXT);
            target.writeInt(bytes.length);
            target.write(bytes);
        } else if (record instanceof RuleError error) {
            target.writeByte(ERROR);
            StringValue.writeString(error.function(), target);
            StringValue.writeString(error.reason(), target);
        } else if (record instanceof JsonNode node) {
            byte[] bytes = Json.writeBytes(node);
            target.writeByte(JSON);
            target.writeInt(bytes.length);
            target.write(bytes);
        } else {
            throw new IOException("not a rule value: " + (record == null ? "null" : record.getClass().getName()));
        }
    }

    @Override
    public Object deserialize(DataInputView source) throws IOException {
        byte kind = source.readByte();
        switch (kind) {
            case TEXT:
                byte[] text = new byte[source.readInt()];
                source.readFully(text);
                return JsonText.ofUtf8(text);
            case ERROR:
                return new RuleError(StringValue.readString(source), StringValue.readString(source));
            case JSON:
                byte[] bytes = new byte[source.readInt()];
                source.readFully(bytes);
                return Json.readBytes(bytes);
            default:
                throw new IOException("unknown rule value kind " + kind);
        }
    }

    @Override
    public Object deserialize(Object reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<Object> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Restores the serializer from checkpoints and savepoints. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Object> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
