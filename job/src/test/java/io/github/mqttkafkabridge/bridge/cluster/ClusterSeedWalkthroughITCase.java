package io.github.mqttkafkabridge.bridge.cluster;

import io.github.mqttkafkabridge.bridge.testutil.BridgeTestEnvironment;
import io.github.mqttkafkabridge.bridge.testutil.FlinkRest;
import io.github.mqttkafkabridge.bridge.testutil.FlinkSessionCluster;
import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.mqtt.testutil.BrokerKind;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaReader;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both walkthroughs of the EMQX seed documents on a real Flink session cluster: {@code bridge.jar} uploaded and
 * run through the REST API as the web UI's "Submit New Job" does, with the shipped {@code conf/bridge.conf} and
 * {@code sql/}, its classes loaded from the jar in a separate TaskManager process. Then what a user sees in the web
 * UI: the operators by the names of their rules and actions, with EMQX's metric names and values.
 */
class ClusterSeedWalkthroughITCase {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @RegisterExtension
    static final BridgeTestEnvironment ENV = BridgeTestEnvironment.builder().mqtt(BrokerKind.HIVEMQ).kafka().build();

    @TempDir
    static Path dir;

    private static FlinkSessionCluster cluster;
    private static String jobId;
    private static MqttTestBroker mqtt;
    private static KafkaTestBroker kafka;

    @BeforeAll
    static void submitTheSeedBridge() throws Exception {
        mqtt = ENV.mqtt();
        kafka = ENV.kafka();
        kafka.createTopics(1, "testtopic-in", "testtopic-out");
        Path conf = ClusterJobs.seedConfig(dir, Map.of(
                "mqtt.server", mqtt.serverUri(),
                "connectors.kafka_producer.my-kafka.bootstrap_hosts", kafka.bootstrapServers(),
                "connectors.kafka_consumer.my_kafka_source.bootstrap_hosts", kafka.bootstrapServers(),
                "flink.checkpoint_interval", "500ms"));
        cluster = FlinkSessionCluster.start(dir.resolve("flink"), 1, 2, Map.of());
        FlinkRest rest = cluster.rest();
        String jar = rest.uploadJar(ClusterJobs.bridgeJar());
        jobId = rest.runJar(jar, List.of("--conf", conf.toString()), null);
        ClusterJobs.awaitRunning(cluster, jobId, TIMEOUT);
        mqtt.awaitSubscription("flink-bridge-0", "t/#", TIMEOUT);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void mqttMessageReachesKafkaAsMessagePublishObject() throws Exception {
        try (MqttTestClient device = new MqttTestClient(mqtt.serverUri(), "emqx_c");
             KafkaReader reader = new KafkaReader(kafka.bootstrapServers(), "testtopic-in")) {
            device.publish("t/1", "{ \"msg\": \"Hello Kafka\" }", 1);

            ConsumerRecord<byte[], byte[]> record = reader.awaitRecord(
                    r -> json(r.value()).path("payload").asText().equals("{ \"msg\": \"Hello Kafka\" }")
                            && json(r.value()).has("event"), TIMEOUT);
            JsonNode value = json(record.value());
            assertThat(value.get("event").asText()).isEqualTo("message.publish");
            assertThat(value.get("topic").asText()).isEqualTo("t/1");
            assertThat(value.get("qos").asInt()).isEqualTo(1);
            assertThat(value.get("id").asText()).matches("[0-9a-f]{32}");
            assertThat(value.get("metadata").get("rule_id").asText()).isEqualTo("my_rule");
        }
    }

    @Test
    void getenvRuleReadsTheTaskManagersEnvironment() throws Exception {
        try (MqttTestClient device = new MqttTestClient(mqtt.serverUri(), "device-env");
             KafkaReader reader = new KafkaReader(kafka.bootstrapServers(), "testtopic-in")) {
            device.publish("t/env", "payload string", 1);

            ConsumerRecord<byte[], byte[]> record = reader.awaitRecord(
                    r -> !json(r.value()).has("event")
                            && json(r.value()).path("payload").asText().equals("payload string"), TIMEOUT);
            assertThat(json(record.value())).isEqualTo(
                    Json.read("{\"payload\":\"payload string\",\"kafka_topic\":\"testtopic-in\"}"));
        }
    }

    @Test
    void kafkaRecordIsRepublishedToMqtt() throws Exception {
        try (MqttTestClient subscriber = new MqttTestClient(mqtt.serverUri(), "emqx_sub");
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            subscriber.subscribe("t/1", 1);
            // offset_reset_policy = latest: wait until a warm-up record makes the round trip.
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            boolean warm = false;
            for (int n = 0; !warm && System.nanoTime() < deadline; n++) {
                producer.send(new ProducerRecord<>("testtopic-out", "warmup", "{\"warmup\":" + n + "}")).get();
                try {
                    subscriber.await(m -> m.payload().contains("warmup"), Duration.ofSeconds(1));
                    warm = true;
                } catch (AssertionError notYet) {
                    // try again with another warm-up record
                }
            }
            assertThat(warm).as("the Kafka source started consuming").isTrue();

            long offset = producer.send(new ProducerRecord<>("testtopic-out", "key", "{\"msg\": \"Hello EMQX\"}"))
                    .get().offset();

            MqttTestClient.Received received = subscriber.await(m -> m.payload().contains("Hello EMQX"), TIMEOUT);
            JsonNode payload = Json.read(received.payload());
            assertThat(received.topic()).isEqualTo("t/1");
            assertThat(payload.get("value").asText()).isEqualTo("{\"msg\": \"Hello EMQX\"}");
            assertThat(payload.get("key").asText()).isEqualTo("key");
            assertThat(payload.get("offset").asLong()).isEqualTo(offset);
        }
    }

    @Test
    void webUiShowsRulesAndActionsByNameWithEmqxMetrics() throws Exception {
        try (MqttTestClient device = new MqttTestClient(mqtt.serverUri(), "device-metrics")) {
            device.publish("t/metrics", "{\"n\":1}", 1);
        }
        FlinkRest rest = cluster.rest();
        List<String> vertexNames = new ArrayList<>();
        rest.vertices(jobId).forEach(v -> vertexNames.add(v.path("name").asText()));
        String names = String.join("\n", vertexNames);
        assertThat(names).contains("mqtt-source", "rule:my_rule", "rule:dynamic_topic", "rule:back",
                "action:kafka_producer:my_sink", "action:kafka_producer:dynamic_sink");

        JsonNode ruleVertex = rest.vertices(jobId).stream()
                .filter(v -> v.path("name").asText().contains("rule:my_rule")).findFirst().orElseThrow();
        String vertex = ruleVertex.path("id").asText();
        String matched = ClusterJobs.awaitMetric(cluster, jobId, vertex, "rule:my_rule", "matched", TIMEOUT);
        List<String> emqxNames = List.of("matched", "passed", "failed", "failed_exception", "failed_no_result");
        for (String name : emqxNames) {
            assertThat(ClusterJobs.awaitMetric(cluster, jobId, vertex, "rule:my_rule", name, TIMEOUT)).endsWith("." + name);
        }
        JsonNode values = cluster.awaitRest("/jobs/" + jobId + "/vertices/" + vertex + "/subtasks/metrics?agg=sum&get="
                        + matched,
                m -> m.size() == 1 && m.get(0).path("sum").asDouble() >= 1, TIMEOUT, matched + " counts the message");
        System.out.println("web UI vertices:\n" + names + "\n" + matched + " = " + values);

        String action = rest.vertices(jobId).stream()
                .filter(v -> v.path("name").asText().contains("action:kafka_producer:my_sink")).findFirst()
                .orElseThrow().path("id").asText();
        for (String name : List.of("matched", "success", "failed", "dead_lettered", "inflight")) {
            assertThat(ClusterJobs.awaitMetric(cluster, jobId, action, "action:kafka_producer:my_sink", name, TIMEOUT))
                    .isEqualTo("action_kafka_producer_my_sink." + name);
        }
    }

    private static JsonNode json(byte[] bytes) {
        JsonNode node = bytes == null ? null : Json.tryParse(new String(bytes, StandardCharsets.UTF_8));
        return node == null ? Json.NODES.objectNode() : node;
    }
}
