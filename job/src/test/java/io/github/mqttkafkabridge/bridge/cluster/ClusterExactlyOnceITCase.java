package io.github.mqttkafkabridge.bridge.cluster;

import io.github.mqttkafkabridge.bridge.testutil.BridgeTestEnvironment;
import io.github.mqttkafkabridge.bridge.testutil.BurstPublisher;
import io.github.mqttkafkabridge.bridge.testutil.FlinkSessionCluster;
import io.github.mqttkafkabridge.mqtt.testutil.BrokerKind;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaReader;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.OnEveryMqttBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Exactly-once on a real session cluster: under a steady QoS 1 load the TaskManager process is killed with SIGKILL
 * twice (and a new one started, as a supervisor would), so the job restarts from its latest checkpoint each time
 * with the bridge's classes loaded again from the uploaded jar. Every message must be in Kafka (read_committed)
 * exactly once.
 */
@OnEveryMqttBroker
class ClusterExactlyOnceITCase {
    private static final int MESSAGES = Integer.getInteger("cluster.messages", 30_000);
    private static final double RATE = 1_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension
    static final BridgeTestEnvironment ENV = BridgeTestEnvironment.builder().mqttOnEveryBroker().kafka().build();

    @Parameter
    BrokerKind broker;

    @TempDir
    Path dir;

    @Test
    void taskManagerKilledTwiceUnderLoadLosesAndDuplicatesNothing() throws Exception {
        MqttTestBroker mqtt = ENV.mqtt();
        KafkaTestBroker kafka = ENV.kafka();
        String name = "cluster-eo-" + mqtt.name();
        kafka.createTopics(1, name);
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, ENV.payloadToKafkaConfig(name, name) + "flink { checkpoint_interval = 500ms }\n");
        try (FlinkSessionCluster cluster = FlinkSessionCluster.start(dir.resolve("flink"), 1, 2, Map.of());
             KafkaReader reader = new KafkaReader(kafka.bootstrapServers(), name)) {
            String jobId = cluster.rest().runJar(cluster.rest().uploadJar(ClusterJobs.bridgeJar()),
                    List.of("--conf", conf.toString()), null);
            ClusterJobs.awaitRunning(cluster, jobId, TIMEOUT);
            mqtt.awaitSubscription(name + "-0", name + "/#", TIMEOUT);
            try (BurstPublisher load = new BurstPublisher(mqtt.serverUri(), name + "-publisher", name, MESSAGES,
                    RATE)) {
                int killAt = MESSAGES / 10;
                for (int kill = 1; kill <= 2; kill++) {
                    int records = killAt;
                    assertThat(reader.pollUntil(() -> reader.seen().size() >= records, TIMEOUT))
                            .as("%d records in Kafka before kill %d", records, kill).isTrue();
                    cluster.killTaskManager();
                    System.out.printf("%s: TaskManager killed (%d) at %d records in Kafka, %d published%n",
                            mqtt, kill, reader.seen().size(), load.acknowledged());
                    cluster.startTaskManager();
                    ClusterJobs.awaitRunning(cluster, jobId, TIMEOUT);
                    // The next kill once the restarted job has written more: it must have recovered first.
                    killAt = reader.seen().size() + MESSAGES / 15;
                }
                assertThat(load.acknowledged()).as("the second kill came mid-load").isLessThan(MESSAGES);
                load.await(TIMEOUT.toSeconds());
            }
            boolean complete = reader.pollUntil(() -> reader.valueCounts().size() >= MESSAGES, TIMEOUT);
            Map<String, Integer> counts = reader.valueCounts();
            long duplicates = counts.values().stream().mapToLong(n -> n - 1L).sum();
            System.out.printf("%s: after two TaskManager kills %d of %d distinct, %d missing, %d duplicates%n",
                    mqtt, counts.size(), MESSAGES, MESSAGES - counts.size(), duplicates);
            assertThat(complete).as("all %d messages in Kafka; missing %d%n%s", MESSAGES,
                    MESSAGES - counts.size(), cluster.logs()).isTrue();
            assertThat(duplicates).as("duplicates").isZero();
            assertThat(cluster.rest().restoredCheckpoint(jobId)).as("the job restored from a checkpoint").isPresent();
        }
    }
}
