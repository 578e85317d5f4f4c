package io.github.mqttkafkabridge.bridge.cluster;

import io.github.mqttkafkabridge.bridge.testutil.BridgeTestEnvironment;
import io.github.mqttkafkabridge.bridge.testutil.FlinkRest;
import io.github.mqttkafkabridge.bridge.testutil.FlinkSessionCluster;
import io.github.mqttkafkabridge.bridge.testutil.SeedWalkthrough;
import io.github.mqttkafkabridge.mqtt.testutil.BrokerKind;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

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
        walkthrough().mqttMessageReachesKafkaAsMessagePublishObject();
    }

    @Test
    void getenvRuleReadsTheTaskManagersEnvironment() throws Exception {
        // The TaskManager process inherits EMQXVAR_KAFKA_TOPIC from the build (failsafe): getenv runs there.
        walkthrough().getenvRuleRoutesToTopicFromEnvironment("payload string");
    }

    @Test
    void kafkaRecordIsRepublishedToMqtt() throws Exception {
        walkthrough().kafkaRecordIsRepublishedToMqtt();
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

    private static SeedWalkthrough walkthrough() {
        return new SeedWalkthrough(mqtt.serverUri(), kafka.bootstrapServers(), TIMEOUT);
    }
}
