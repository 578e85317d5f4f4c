package io.github.mqttkafkabridge.bridge.cluster;

import io.github.mqttkafkabridge.bridge.testutil.BridgeTestEnvironment;
import io.github.mqttkafkabridge.bridge.testutil.FlinkSessionCluster;
import io.github.mqttkafkabridge.mqtt.testutil.BrokerKind;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaReader;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient;
import io.github.mqttkafkabridge.mqtt.testutil.OnEveryMqttBroker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Scaling out and back in with {@code deploy}: parallelism 1, then 3, then 1 again, each from the previous
 * version's savepoint. The MQTT sessions are persistent, so a resumed session still holds the subscription of the
 * job before it: without care, session 0 would hold both {@code t/#} and {@code $share/<group>/t/#} after the
 * first change and receive every message twice. After each deploy every message published must be in Kafka
 * exactly once.
 */
@OnEveryMqttBroker
class ClusterRescaleITCase {
    private static final int MESSAGES = 200;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @RegisterExtension
    static final BridgeTestEnvironment ENV = BridgeTestEnvironment.builder().mqttOnEveryBroker().kafka().build();

    @Parameter
    BrokerKind broker;

    @TempDir
    Path dir;

    @Test
    void eachMessageOnceAfterScalingOutAndBackIn() throws Exception {
        MqttTestBroker mqtt = ENV.mqtt();
        KafkaTestBroker kafka = ENV.kafka();
        String name = "rescale-" + mqtt.name();
        kafka.createTopics(1, name);
        Path conf = dir.resolve("bridge.conf");
        String base = ENV.payloadToKafkaConfig(name, name);
        try (FlinkSessionCluster cluster = FlinkSessionCluster.start(dir.resolve("flink"), 1, 4, Map.of());
             KafkaReader reader = new KafkaReader(kafka.bootstrapServers(), name);
             MqttTestClient publisher = new MqttTestClient(mqtt.serverUri(), name + "-publisher")) {
            int[] parallelisms = {1, 3, 1};
            for (int n = 0; n < parallelisms.length; n++) {
                int step = n + 1;
                int parallelism = parallelisms[n];
                Files.writeString(conf, base + "flink { checkpoint_interval = 500ms, parallelism = " + parallelism
                        + " }\n");
                ClusterJobs.Deploy deploy = ClusterJobs.deploy(cluster, conf, dir.resolve("deploy-" + step + ".log"));
                assertThat(deploy.exitCode()).as(deploy.output()).isZero();
                // The new job's sessions are subscribed once a warm-up message makes it through.
                String warmup = "warmup" + step;
                ClusterJobs.publishUntilInKafka(publisher, reader, name + "/warmup", warmup, warmup, TIMEOUT);
                for (int i = 0; i < MESSAGES; i++) {
                    publisher.publish(name + "/" + (i % 8), "step" + step + "-" + i, 1);
                }
                int expected = step * MESSAGES;
                reader.pollUntil(() -> reader.valueCounts().size() >= expected, TIMEOUT);
                // Let copies, if any, arrive too: a marker message is written after everything published before it.
                publisher.publish(name + "/marker", "marker" + step, 1);
                String marker = "marker" + step;
                reader.pollUntil(() -> reader.valueCounts().containsKey(marker), TIMEOUT);
                Map<String, Integer> counts = reader.valueCounts();
                long copies = counts.entrySet().stream().filter(e -> e.getKey().startsWith("step" + step + "-"))
                        .mapToLong(e -> e.getValue() - 1L).sum();
                long distinct = counts.keySet().stream().filter(k -> k.startsWith("step" + step + "-")).count();
                System.out.printf("%s: at parallelism %d (deploy %d) %d of %d distinct, %d copies%n", mqtt,
                        parallelism, step, distinct, MESSAGES, copies);
                assertThat(distinct).as("deploy %d: messages in Kafka", step).isEqualTo(MESSAGES);
                assertThat(copies).as("deploy %d at parallelism %d: copies", step, parallelism).isZero();
            }
        }
    }
}
