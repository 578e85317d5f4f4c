package io.github.mqttkafkabridge.bridge.kafka;

import io.github.mqttkafkabridge.bridge.testutil.BridgeTestEnvironment;
import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.mqtt.testutil.BrokerKind;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaReader;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** EMQX's kafka_producer action parameters, observed in what a read_committed consumer reads. */
class KafkaActionParametersITCase {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> CODECS = List.of("gzip", "snappy", "lz4", "zstd");

    @RegisterExtension
    static final BridgeTestEnvironment ENV = BridgeTestEnvironment.builder()
            .miniCluster(8).mqtt(BrokerKind.HIVEMQ).kafka().build();

    private static MqttTestBroker mqtt;
    private static KafkaTestBroker kafka;

    @BeforeAll
    static void start() throws Exception {
        mqtt = ENV.mqtt();
        kafka = ENV.kafka();
        kafka.createTopics(4, "params-a", "params-plain", "params-acks1", "codec-gzip", "codec-snappy", "codec-lz4",
                "codec-zstd");
        StringBuilder codecActions = new StringBuilder();
        List<String> codecRefs = new ArrayList<>();
        for (String codec : CODECS) {
            codecActions.append("actions.kafka_producer.").append(codec).append(" { connector = k, parameters { ")
                    .append("topic = codec-").append(codec).append(", compression = ").append(codec).append(" } }\n");
            codecRefs.add("\"kafka_producer:" + codec + "\"");
        }
        ENV.startBridge("kafka-action-parameters", ENV.baseConfig("params-it")
                + "flink { checkpoint_interval = 500ms }\n"
                + "actions.kafka_producer.full { connector = k, parameters {\n"
                + "  topic = \"params-${payload.kind}\"\n"
                + "  message { key = \"${payload.device}\", value = \"${payload.reading}\", timestamp = \"${payload.ts}\" }\n"
                + "  kafka_headers = \"${payload.hdrs}\"\n"
                + "  kafka_ext_headers = [{kafka_ext_header_key = \"source\", kafka_ext_header_value = \"${topic}\"},\n"
                + "                       {kafka_ext_header_key = \"fixed\", kafka_ext_header_value = \"yes\"},\n"
                + "                       {kafka_ext_header_key = \"${nope}\", kafka_ext_header_value = \"skipped\"}]\n"
                + "  kafka_header_value_encode_mode = json\n"
                + "  partition_strategy = key_dispatch\n"
                + "  max_batch_bytes = 896KB, max_linger_time = 5ms, max_linger_bytes = 10MB, max_inflight = 10\n"
                + "  query_mode = async, sync_query_timeout = 5s, buffer { mode = memory, per_partition_limit = 2GB }\n"
                + "} }\n"
                + "actions.kafka_producer.plain { connector = k, parameters { topic = params-plain,\n"
                + "  kafka_headers = \"${pub_props}\", user_properties_as_headers = true } }\n"
                + "actions.kafka_producer.acks1 { connector = k, parameters { topic = params-acks1,\n"
                + "  required_acks = leader_only, delivery_guarantee = none } }\n"
                + codecActions
                + "rule_engine.rules.full { sql = \"SELECT payload, topic FROM \\\"params/#\\\"\", actions = [\"kafka_producer:full\"] }\n"
                + "rule_engine.rules.plain { sql = \"SELECT * FROM \\\"plain/#\\\"\", "
                + "actions = [\"kafka_producer:plain\", \"kafka_producer:acks1\", " + String.join(", ", codecRefs) + "] }\n");
        mqtt.awaitSubscription("params-it-0", "params/#", TIMEOUT);
    }

    @Test
    void keyValueTimestampHeadersAndPartitionsFollowTheParameters() throws Exception {
        try (MqttTestClient device = new MqttTestClient(mqtt.serverUri(), "params-device");
             KafkaReader reader = new KafkaReader(kafka.bootstrapServers(), "params-a")) {
            for (int i = 0; i < 6; i++) {
                String dev = i % 2 == 0 ? "d1" : "d2";
                device.publish("params/" + i, "{\"kind\":\"a\",\"device\":\"" + dev + "\",\"reading\":{\"t\":" + i
                        + "},\"ts\":1700000000000,\"hdrs\":{\"h1\":\"v1\",\"n\":2}}", 1);
            }
            reader.pollUntil(() -> reader.seen().size() >= 6, TIMEOUT);
            assertThat(reader.seen()).hasSize(6);

            ConsumerRecord<byte[], byte[]> first = reader.seen().stream()
                    .filter(r -> text(r.value()).equals("{\"t\":0}")).findFirst().orElseThrow();
            assertThat(text(first.key())).isEqualTo("d1");
            assertThat(first.timestamp()).isEqualTo(1_700_000_000_000L);
            assertThat(headers(first)).containsExactly("h1=\"v1\"", "n=2", "source=\"params/0\"", "fixed=\"yes\"");

            Map<String, Set<Integer>> partitionsPerKey = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : reader.seen()) {
                partitionsPerKey.computeIfAbsent(text(r.key()), k -> new HashSet<>()).add(r.partition());
            }
            assertThat(partitionsPerKey.get("d1")).as("key_dispatch: one partition per key").hasSize(1);
            assertThat(partitionsPerKey.get("d2")).hasSize(1);
        }
    }

    @Test
    void userPropertiesBecomeHeadersAndEveryCodecIsReadable() throws Exception {
        try (MqttTestClient device = new MqttTestClient(mqtt.serverUri(), "plain-device");
             KafkaReader plain = new KafkaReader(kafka.bootstrapServers(), "params-plain");
             KafkaReader acks1 = new KafkaReader(kafka.bootstrapServers(), "params-acks1")) {
            device.publish("plain/1", "hello", 1, "foo", "bar", "x", "1");

            plain.pollUntil(() -> !plain.seen().isEmpty(), TIMEOUT);
            ConsumerRecord<byte[], byte[]> r = plain.seen().get(0);
            // Mode none drops pub_props' object and list values; the user properties come through the option.
            assertThat(headers(r)).containsExactly("foo=bar", "x=1");
            assertThat(Json.read(text(r.value())).get("payload").asText()).isEqualTo("hello");

            acks1.pollUntil(() -> !acks1.seen().isEmpty(), TIMEOUT);
            assertThat(acks1.seen()).isNotEmpty();
            for (String codec : CODECS) {
                try (KafkaReader reader = new KafkaReader(kafka.bootstrapServers(), "codec-" + codec)) {
                    reader.pollUntil(() -> !reader.seen().isEmpty(), TIMEOUT);
                    assertThat(reader.seen()).as(codec).hasSize(1);
                    assertThat(Json.read(text(reader.seen().get(0).value())).get("payload").asText()).isEqualTo("hello");
                }
            }
        }
    }

    private static List<String> headers(ConsumerRecord<byte[], byte[]> r) {
        List<String> out = new ArrayList<>();
        for (Header h : r.headers()) {
            out.add(h.key() + "=" + text(h.value()));
        }
        return out;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
