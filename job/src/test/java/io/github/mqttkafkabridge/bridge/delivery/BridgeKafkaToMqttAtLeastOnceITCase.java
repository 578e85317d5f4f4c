package io.github.mqttkafkabridge.bridge.delivery;

import io.github.mqttkafkabridge.bridge.BridgePipeline;
import io.github.mqttkafkabridge.bridge.config.BridgeConfig;
import io.github.mqttkafkabridge.bridge.config.BridgeConfigLoader;
import io.github.mqttkafkabridge.bridge.demo.EmbeddedKafkaBroker;
import io.github.mqttkafkabridge.bridge.demo.EmbeddedMqttBroker;
import io.github.mqttkafkabridge.bridge.testutil.MetricsProbe;
import io.github.mqttkafkabridge.bridge.testutil.MqttTestClient;
import io.github.mqttkafkabridge.bridge.testutil.Ports;
import io.github.mqttkafkabridge.bridge.testutil.TestJobs;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka -> rule -> republish as users configure it, with the TaskManager killed twice mid-stream: every one of
 * 10,000 Kafka records reaches an MQTT subscriber (at-least-once: offsets are committed only with checkpoints,
 * and a checkpoint completes only after the broker acknowledged every message it covers).
 */
class BridgeKafkaToMqttAtLeastOnceITCase {
    private static final int RECORDS = 10_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String JOB = "bridge-kafka-to-mqtt";
    private static final MetricsProbe METRICS = new MetricsProbe();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addTo(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @Test
    void everyRecordReachesTheSubscriberDespiteTaskManagerLosses(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        try (EmbeddedMqttBroker mqtt = EmbeddedMqttBroker.start(Ports.free());
             EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start();
             MqttTestClient subscriber = new MqttTestClient(mqtt.serverUri(), "commands-subscriber")) {
            kafka.createTopics(2, "commands");
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    "bootstrap.servers", kafka.bootstrapServers(),
                    "key.serializer", StringSerializer.class.getName(),
                    "value.serializer", StringSerializer.class.getName()))) {
                for (int i = 0; i < RECORDS; i++) {
                    producer.send(new ProducerRecord<>("commands", "dev-" + (i % 50), "{\"cmd\":" + i + "}"));
                }
            }
            subscriber.subscribe("devices/+/commands", 1);
            BridgeConfig config = BridgeConfigLoader.parse(
                    "mqtt { server = \"" + mqtt.serverUri() + "\", clientid_prefix = k2m-it }\n"
                    + "flink { checkpoint_interval = 300ms }\n"
                    + "connectors.kafka_consumer.kc { bootstrap_hosts = \"" + kafka.bootstrapServers() + "\" }\n"
                    + "sources.kafka_consumer.commands { connector = kc, parameters { topic = commands, "
                    + "offset_reset_policy = earliest, max_batch_bytes = 16KB } }\n"
                    + "rule_engine.rules.commands { sql = \"SELECT key, value.cmd AS cmd FROM "
                    + "\\\"$bridges/kafka_consumer:commands\\\"\", actions = [{function = republish, args = {"
                    + "topic = \"devices/${key}/commands\", payload = \"${cmd}\", qos = 1}}] }\n",
                    Path.of("."));
            StreamExecutionEnvironment env = new TestStreamEnvironment(cluster, 1);
            TestJobs.restartAfterFailures(env, 20);
            BridgePipeline.build(env, config);
            JobClient job = env.executeAsync(JOB);
            try {
                Set<String> received = new HashSet<>();
                int kills = 0;
                for (int target : new int[] {RECORDS / 5, RECORDS / 2}) {
                    // Kill once the (restarted) job has delivered more: the failure lands mid-stream.
                    subscriber.await(m -> received.add(m.payload()) && received.size() >= target, TIMEOUT);
                    // MiniCluster keeps terminated TaskManagers in its list: the live one is the last started.
                    cluster.terminateTaskManager(kills++).get();
                    cluster.startTaskManager();
                }
                try {
                    subscriber.await(m -> received.add(m.payload()) && received.size() >= RECORDS, TIMEOUT);
                } catch (AssertionError timeout) {
                    throw new AssertionError("received " + received.size() + " of " + RECORDS + " records", timeout);
                }
                for (int i = 0; i < RECORDS; i++) {
                    assertThat(received).contains(String.valueOf(i));
                }
                assertThat(METRICS.value(JOB, null, "numRestarts")).as("restarts after the kills").isGreaterThanOrEqualTo(2);
                System.out.printf("Kafka -> MQTT through 2 TaskManager losses: %d records, %d distinct received, "
                        + "%d republished in total%n", RECORDS, received.size(),
                        METRICS.value(JOB, "republish:commands", "success"));
            } finally {
                job.cancel().get();
            }
        }
    }
}
