package io.github.mqttkafkabridge.bridge.delivery;

import io.github.mqttkafkabridge.bridge.BridgePipeline;
import io.github.mqttkafkabridge.bridge.config.BridgeConfig;
import io.github.mqttkafkabridge.bridge.config.BridgeConfigLoader;
import io.github.mqttkafkabridge.bridge.demo.EmbeddedKafkaBroker;
import io.github.mqttkafkabridge.bridge.testutil.MetricsProbe;
import io.github.mqttkafkabridge.bridge.testutil.BrokerKind;
import io.github.mqttkafkabridge.bridge.testutil.MqttTestBroker;
import io.github.mqttkafkabridge.bridge.testutil.MqttTestClient;
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
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

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
@ParameterizedClass
@EnumSource(BrokerKind.class)
class BridgeKafkaToMqttAtLeastOnceITCase {
    private static final int RECORDS = 10_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final MetricsProbe METRICS = new MetricsProbe();
    /** TaskManagers terminated so far in this class's MiniCluster (it keeps them in its list). */
    private static int killedTaskManagers;

    @Parameter
    BrokerKind broker;

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addTo(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    @Test
    void everyRecordReachesTheSubscriberDespiteTaskManagerLosses(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        try (MqttTestBroker mqtt = broker.start(false);
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
            String jobName = "bridge-kafka-to-mqtt-" + mqtt.name();
            JobClient job = env.executeAsync(jobName);
            try {
                Set<String> received = new HashSet<>();
                for (int target : new int[] {RECORDS / 5, RECORDS / 2}) {
                    // Kill once the (restarted) job has delivered more: the failure lands mid-stream.
                    subscriber.await(m -> received.add(m.payload()) && received.size() >= target, TIMEOUT);
                    // MiniCluster keeps terminated TaskManagers in its list: the live one is the last started.
                    cluster.terminateTaskManager(killedTaskManagers++).get();
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
                assertThat(METRICS.value(jobName, null, "numRestarts")).as("restarts after the kills").isGreaterThanOrEqualTo(2);
                System.out.printf("%s, Kafka -> MQTT through 2 TaskManager losses: %d records, %d distinct received, "
                        + "%d republished in total%n", mqtt, RECORDS, received.size(),
                        METRICS.value(jobName, "republish:commands", "success"));
            } finally {
                job.cancel().get();
            }
        }
    }
}
