package io.github.mqttkafkabridge.bridge.delivery;

import io.github.mqttkafkabridge.bridge.testutil.BridgeTestEnvironment;
import io.github.mqttkafkabridge.mqtt.testutil.BrokerKind;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MetricsProbe;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient;
import io.github.mqttkafkabridge.mqtt.testutil.OnEveryMqttBroker;
import io.github.mqttkafkabridge.mqtt.testutil.TestJobs;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;

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
@OnEveryMqttBroker
class BridgeKafkaToMqttAtLeastOnceITCase {
    private static final int RECORDS = 10_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    /** TaskManagers terminated so far in this class's MiniCluster (it keeps them in its list). */
    private static int killedTaskManagers;

    @Parameter
    BrokerKind broker;

    /** One Kafka for both runs: each run reads its own topic. */
    @RegisterExtension
    static final BridgeTestEnvironment ENV = BridgeTestEnvironment.builder()
            .miniCluster(4).metrics().mqttOnEveryBroker().kafka().build();
    private static final MetricsProbe METRICS = ENV.metrics();

    @Test
    void everyRecordReachesTheSubscriberDespiteTaskManagerLosses() throws Exception {
        MiniCluster cluster = ENV.miniCluster();
        MqttTestBroker mqtt = ENV.mqtt();
        KafkaTestBroker kafka = ENV.kafka();
        String topic = "commands-" + mqtt.name();
        try (MqttTestClient subscriber = new MqttTestClient(mqtt.serverUri(), "commands-subscriber")) {
            kafka.createTopics(2, topic);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    "bootstrap.servers", kafka.bootstrapServers(),
                    "key.serializer", StringSerializer.class.getName(),
                    "value.serializer", StringSerializer.class.getName()))) {
                for (int i = 0; i < RECORDS; i++) {
                    producer.send(new ProducerRecord<>(topic, "dev-" + (i % 50), "{\"cmd\":" + i + "}"));
                }
            }
            subscriber.subscribe("devices/+/commands", 1);
            String jobName = "bridge-kafka-to-mqtt-" + mqtt.name();
            JobClient job = ENV.startBridge(jobName, ENV.config(ENV.baseConfig("k2m-it")
                    + "flink { checkpoint_interval = 300ms }\n"
                    + "sources.kafka_consumer.commands { connector = kc, parameters { topic = " + topic + ", "
                    + "offset_reset_policy = earliest, max_batch_bytes = 16KB } }\n"
                    + "rule_engine.rules.commands { sql = \"SELECT key, value.cmd AS cmd FROM "
                    + "\\\"$bridges/kafka_consumer:commands\\\"\", actions = [{function = republish, args = {"
                    + "topic = \"devices/${key}/commands\", payload = \"${cmd}\", qos = 1}}] }\n"),
                    env -> TestJobs.restartAfterFailures(env, 20));
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
