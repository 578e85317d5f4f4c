package io.github.mqttkafkabridge.bridge.value;

import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rule values through Flink's serialization: each kind comes back as the same kind with the same value. */
class RuleValueSerializerTest {
    private static final RuleValueSerializer SERIALIZER = RuleValueSerializer.INSTANCE;

    @Test
    void aPayloadStaysTextThatDecodesOnUse() throws IOException {
        Object back = roundTrip(new JsonText("{\"a\":[1,\"é\"]}"));
        assertThat(back).isInstanceOf(JsonText.class);
        assertThat(((JsonText) back).textValue()).isEqualTo("{\"a\":[1,\"é\"]}");
        assertThat(Json.write(((JsonText) back).container())).isEqualTo("{\"a\":[1,\"é\"]}");
    }

    @Test
    void treesComeBackEqual() throws IOException {
        for (String json : new String[] {"{\"k\":{\"n\":1.5,\"b\":true,\"z\":null}}", "[1,2,3]", "\"s\"", "12", "true"}) {
            assertThat(roundTrip(Json.read(json))).isEqualTo(Json.read(json));
        }
    }

    @Test
    void anErrorStaysAnError() throws IOException {
        assertThat(roundTrip(new RuleError("lower", "expects a string, got {}")))
                .isEqualTo(new RuleError("lower", "expects a string, got {}"));
    }

    @Test
    void aCopyIsTheValueItself() {
        JsonText payload = new JsonText("{}");
        assertThat(SERIALIZER.copy(payload)).isSameAs(payload);
        assertThat(SERIALIZER.isImmutableType()).isTrue();
    }

    @Test
    void somethingElseIsRefusedWithItsClass() {
        DataOutputSerializer out = new DataOutputSerializer(16);
        assertThatThrownBy(() -> SERIALIZER.serialize(42, out))
                .isInstanceOf(IOException.class).hasMessageContaining("java.lang.Integer");
    }

    private static Object roundTrip(Object value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        SERIALIZER.serialize(value, out);
        return SERIALIZER.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
