package io.github.mqttkafkabridge.bridge.delivery;

import io.github.mqttkafkabridge.bridge.testutil.BridgeTestEnvironment;
import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.mqtt.testutil.BrokerKind;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaReader;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MetricsProbe;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient;
import io.github.mqttkafkabridge.mqtt.testutil.OnEveryMqttBroker;
import io.github.mqttkafkabridge.mqtt.testutil.TestJobs;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once through the bridge as users configure it (a rule and a {@code kafka_producer} action with the
 * default delivery guarantee): the TaskManager running the job is killed twice while devices publish, and a
 * read_committed consumer still sees every message exactly once.
 */
@OnEveryMqttBroker
class BridgeExactlyOnceITCase {
    private static final int MESSAGES = 3_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    /** One MiniCluster and one Kafka for the class, the MQTT broker of the current run in {@code ENV.mqtt()}. */
    @RegisterExtension
    static final BridgeTestEnvironment ENV = BridgeTestEnvironment.builder()
            .miniCluster(4).metrics().mqttOnEveryBroker().kafka().build();
    private static final MetricsProbe METRICS = ENV.metrics();

    /** TaskManagers terminated so far in this class's MiniCluster (it keeps them in its list). */
    private static int killedTaskManagers;

    @Parameter
    BrokerKind broker;

    @Test
    void killingTheTaskManagerLosesAndDuplicatesNothing() throws Exception {
        MiniCluster cluster = ENV.miniCluster();
        MqttTestBroker mqtt = ENV.mqtt();
        KafkaTestBroker kafka = ENV.kafka();
        String job = "bridge-exactly-once-" + mqtt.name();
        String topic = "eo-readings-" + mqtt.name();
        kafka.createTopics(3, topic);
        JobClient client = ENV.startBridge(job, ENV.config(ENV.baseConfig("eo-it")
                + "mqtt.receive_maximum = 200\n"
                + "flink { checkpoint_interval = 300ms }\n"
                + "actions.kafka_producer.readings { connector = k, parameters {\n"
                + "  topic = " + topic + ", message { key = \"${device}\", value = \"${.}\" },\n"
                + "  partition_strategy = key_dispatch } }\n"
                + "rule_engine.rules.r { sql = \"SELECT payload.n as n, payload.device as device FROM \\\"eo/#\\\" "
                + "WHERE payload.n >= 0\", actions = [\"kafka_producer:readings\"] }\n"),
                env -> TestJobs.restartAfterFailures(env, 20));
        mqtt.awaitSubscription("eo-it-0", "eo/#", TIMEOUT);

        try (MqttTestClient device = new MqttTestClient(mqtt.serverUri(), "eo-device");
             KafkaReader reader = new KafkaReader(kafka.bootstrapServers(), topic)) {
            int kills = 0;
            int lastKillAt = -1;
            for (int n = 0; n < MESSAGES; n++) {
                device.publish("eo/" + (n % 7), "{\"n\":" + n + ",\"device\":\"d" + (n % 7) + "\"}", 1);
                if (n == MESSAGES / 3 || n == 2 * MESSAGES / 3) {
                    // Kill only once a message published after the previous kill is in Kafka: the job runs
                    // (again) and is mid-stream.
                    int after = lastKillAt;
                    assertThat(reader.pollUntil(() -> reader.seen().stream().anyMatch(r -> n(r) > after), TIMEOUT))
                            .isTrue();
                    lastKillAt = n;
                    // MiniCluster keeps terminated TaskManagers in its list: the live one is the last started.
                    cluster.terminateTaskManager(killedTaskManagers++).get();
                    cluster.startTaskManager();
                    kills++;
                }
            }
            assertThat(kills).isEqualTo(2);
            reader.pollUntil(() -> distinct(reader) >= MESSAGES, TIMEOUT);

            Map<Long, Integer> counts = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : reader.seen()) {
                counts.merge((long) n(r), 1, Integer::sum);
            }
            long missing = MESSAGES - counts.size();
            long duplicates = counts.values().stream().mapToLong(c -> c - 1).sum();
            System.out.printf("%s, bridge exactly-once: %d records, %d missing, %d duplicates, %d redeliveries dropped%n",
                    mqtt, reader.seen().size(), missing, duplicates, METRICS.value(job, null, "duplicatesDropped"));
            assertThat(METRICS.value(job, null, "numRestarts")).as("restarts after the kills").isGreaterThanOrEqualTo(2);
            assertThat(missing).as("missing").isZero();
            assertThat(duplicates).as("duplicates").isZero();
            assertThat(METRICS.value(job, "action:kafka_producer:readings", "dropped")).isZero();
            assertThat(METRICS.value(job, "action:kafka_producer:readings", "failed")).isZero();
        } finally {
            client.cancel().get();
        }
    }

    /**
     * Exactly-once at parallelism 3 for publishers that stamp an id: three MQTT sessions share the subscription,
     * the broker cuts all their connections three times (HiveMQ then hands each cut session's unacknowledged
     * messages to another member) and the TaskManager is killed twice. The keyed de-duplication by the publisher's
     * id recognises every redelivery wherever it arrives.
     */
    @Test
    void atParallelismThreeWithPublisherIdsConnectionCutsAndKillsLoseAndDuplicateNothing() throws Exception {
        MiniCluster cluster = ENV.miniCluster();
        MqttTestBroker mqtt = ENV.mqtt();
        KafkaTestBroker kafka = ENV.kafka();
        String job = "bridge-exactly-once-p3-" + mqtt.name();
        String topic = "eo3-readings-" + mqtt.name();
        int messages = 6_000;
        kafka.createTopics(3, topic);
        JobClient client = ENV.startBridge(job, ENV.config(ENV.baseConfig("eo3-it")
                + "mqtt { receive_maximum = 200, dedup_id = \"user_property:msgid\" }\n"
                + "flink { checkpoint_interval = 300ms, parallelism = 3 }\n"
                + "actions.kafka_producer.readings { connector = k, parameters {\n"
                + "  topic = " + topic + ", message { key = \"${device}\", value = \"${.}\" } } }\n"
                + "rule_engine.rules.r { sql = \"SELECT payload.n as n, payload.device as device FROM \\\"eo3/#\\\"\", "
                + "actions = [\"kafka_producer:readings\"] }\n"),
                env -> TestJobs.restartAfterFailures(env, 30));
        for (int s = 0; s < 3; s++) {
            mqtt.awaitSubscription("eo3-it-" + s, "eo3/#", TIMEOUT);
        }

        try (MqttTestClient device = new MqttTestClient(mqtt.serverUri(), "eo3-device");
             KafkaReader reader = new KafkaReader(kafka.bootstrapServers(), topic)) {
            int kills = 0;
            int cuts = 0;
            int lastEventAt = -1;
            for (int n = 0; n < messages; n++) {
                device.publish("eo3/" + (n % 7), "{\"n\":" + n + ",\"device\":\"d" + (n % 7) + "\"}", 1,
                        "msgid", "m-" + n);
                boolean cut = n == messages / 4 || n == messages / 2 || n == 3 * messages / 4;
                boolean kill = n == 3 * messages / 8 || n == 5 * messages / 8;
                if (cut || kill) {
                    // Act only once a message published after the previous event is in Kafka: mid-stream.
                    int after = lastEventAt;
                    assertThat(reader.pollUntil(() -> reader.seen().stream().anyMatch(r -> n(r) > after), TIMEOUT))
                            .isTrue();
                    lastEventAt = n;
                }
                if (cut) {
                    for (int s = 0; s < 3; s++) {
                        mqtt.disconnectClient("eo3-it-" + s);
                    }
                    cuts++;
                }
                if (kill) {
                    cluster.terminateTaskManager(killedTaskManagers++).get();
                    cluster.startTaskManager();
                    kills++;
                }
            }
            assertThat(cuts).isEqualTo(3);
            assertThat(kills).isEqualTo(2);
            reader.pollUntil(() -> distinct(reader) >= messages, TIMEOUT);
            // Anything forwarded twice would be in a transaction committed by one of the next checkpoints.
            long checkpoints = METRICS.value(job, null, "numberOfCompletedCheckpoints");
            METRICS.awaitAtLeast(job, null, "numberOfCompletedCheckpoints", checkpoints + 3, TIMEOUT);
            int before = reader.seen().size();
            reader.pollUntil(() -> reader.seen().size() > before, Duration.ofSeconds(2));

            Map<Long, Integer> counts = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : reader.seen()) {
                counts.merge((long) n(r), 1, Integer::sum);
            }
            long missing = messages - counts.size();
            long duplicates = counts.values().stream().mapToLong(c -> c - 1).sum();
            System.out.printf("%s, bridge exactly-once at parallelism 3 with publisher ids, 3 connection cuts and "
                            + "2 TaskManager kills: %d records, %d missing, %d duplicates, %d redeliveries dropped by "
                            + "the sessions, %d by the keyed de-duplication%n",
                    mqtt, reader.seen().size(), missing, duplicates, METRICS.value(job, "mqtt-source",
                            "duplicatesDropped"), METRICS.value(job, "mqtt-dedup", "duplicatesDropped"));
            assertThat(missing).as("missing").isZero();
            assertThat(duplicates).as("duplicates").isZero();
        } finally {
            client.cancel().get();
        }
    }

    private static int n(ConsumerRecord<byte[], byte[]> r) {
        return Json.read(new String(r.value(), StandardCharsets.UTF_8)).get("n").asInt();
    }

    private static int distinct(KafkaReader reader) {
        return (int) reader.seen().stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).distinct().count();
    }
}
