package io.github.mqttkafkabridge.mqtt.source.split;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MqttSubscriptionSplitSerializerTest {
    private final MqttSubscriptionSplitSerializer serializer = new MqttSubscriptionSplitSerializer();

    @Test
    void roundTripKeepsIdentitiesWhetherTheSessionWasEstablishedAndItsFilters() throws Exception {
        for (MqttSubscriptionSplit split : new MqttSubscriptionSplit[] {
                new MqttSubscriptionSplit(0),
                new MqttSubscriptionSplit(3, new long[] {7L, -1L, Long.MAX_VALUE}, true, List.of("$share/g/t/#", "é/+")),
                new MqttSubscriptionSplit(1, new long[0], true, List.of()),
                new MqttSubscriptionSplit(2, new long[] {1L}, true, null)}) {
            byte[] bytes = serializer.serialize(split);
            assertThat(serializer.deserialize(serializer.getVersion(), bytes)).isEqualTo(split);
        }
    }

    @Test
    void aVersionOneSplitComesFromARunningJobSoItsSessionWasEstablished() throws Exception {
        byte[] v1 = ByteBuffer.allocate(16).putInt(2).putInt(1).putLong(42L).array();
        MqttSubscriptionSplit split = serializer.deserialize(1, v1);
        assertThat(split.sessionIndex()).isEqualTo(2);
        assertThat(split.forwardedIdentities()).containsExactly(42L);
        assertThat(split.established()).isTrue();
        assertThat(split.subscribedFilters()).isEmpty();
    }

    @Test
    void aVersionTwoSplitKeepsItsFlagAndDoesNotKnowItsFilters() throws Exception {
        byte[] v2 = ByteBuffer.allocate(17).putInt(4).putInt(1).putLong(9L).put((byte) 0).array();
        MqttSubscriptionSplit split = serializer.deserialize(2, v2);
        assertThat(split.sessionIndex()).isEqualTo(4);
        assertThat(split.forwardedIdentities()).containsExactly(9L);
        assertThat(split.established()).isFalse();
        assertThat(split.subscribedFilters()).isEmpty();
    }

    @Test
    void anUnknownVersionIsRefused() {
        assertThatThrownBy(() -> serializer.deserialize(9, new byte[9]))
                .hasMessage("Unknown MQTT split serializer version 9");
    }
}
