package io.github.mqttkafkabridge.mqtt.source;

import io.github.mqttkafkabridge.mqtt.common.MqttRecord;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MqttDuplicateDetectionTest {

    private static MqttRecord record(String payload, List<Map.Entry<String, String>> props, byte[] correlation) {
        return new MqttRecord("t/1", payload.getBytes(StandardCharsets.UTF_8), 1, false, false, props, null, null,
                null, null, correlation, 0);
    }

    @Test
    void fingerprintDependsOnContentAndPacketId() {
        MqttDuplicateDetection d = MqttDuplicateDetection.fingerprint();
        long a = d.identify(record("x", List.of(), null), 7);
        assertThat(d.identify(record("x", List.of(), null), 7)).isEqualTo(a);
        assertThat(d.identify(record("x", List.of(), null), 8)).isNotEqualTo(a);
        assertThat(d.identify(record("y", List.of(), null), 7)).isNotEqualTo(a);
        assertThat(d.identify(record("x", List.of(Map.entry("k", "v")), null), 7)).isNotEqualTo(a);
    }

    @Test
    void publisherIdsIgnoreThePacketId() {
        MqttDuplicateDetection byProperty = MqttDuplicateDetection.parse("user_property:msg-id");
        MqttRecord r = record("x", List.of(Map.entry("msg-id", "42")), null);
        assertThat(byProperty.identify(r, 1)).isEqualTo(byProperty.identify(r, 2));
        assertThat(byProperty.identify(record("x", List.of(), null), 1))
                .as("falls back to the fingerprint").isNotEqualTo(byProperty.identify(record("x", List.of(), null), 2));

        MqttDuplicateDetection byCorrelation = MqttDuplicateDetection.parse("correlation_data");
        MqttRecord c = record("x", List.of(), new byte[] {1, 2});
        assertThat(byCorrelation.identify(c, 1)).isEqualTo(byCorrelation.identify(c, 9));
    }

    @Test
    void unknownModesAreRefusedWithTheAllowedOnes() {
        assertThatThrownBy(() -> MqttDuplicateDetection.parse("hash"))
                .hasMessage("dedup_id: \"hash\" is not one of fingerprint, correlation_data, user_property:<name>");
    }
}
