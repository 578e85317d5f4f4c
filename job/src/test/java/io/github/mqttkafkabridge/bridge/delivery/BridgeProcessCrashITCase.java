package io.github.mqttkafkabridge.bridge.delivery;

import io.github.mqttkafkabridge.bridge.testutil.BridgeProcess;
import io.github.mqttkafkabridge.bridge.testutil.BridgeTestEnvironment;
import io.github.mqttkafkabridge.bridge.testutil.BurstPublisher;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole bridge process is killed with SIGKILL in the middle of a burst and started again, as a user's
 * {@code kill -9} or a crashed host would: the broker keeps the session and queues the rest of the burst, and on
 * resume Mosquitto sends that whole backlog at once. Every message must reach Kafka (read_committed), and only
 * once: the restarted {@code run} resumes from the latest checkpoint in its state directory, so the redeliveries of
 * messages Kafka already has are recognised and dropped. The failure this guards against was timing-dependent, so
 * each broker gets three rounds in a row, killed at different points.
 */
@OnEveryMqttBroker
class BridgeProcessCrashITCase {
    /** {@code -Dcrash.messages} and {@code -Dcrash.rate} make a larger backlog, e.g. 150,000 at 20,000/s. */
    private static final int MESSAGES = Integer.getInteger("crash.messages", 50_000);
    /** {@code -Dcrash.rounds=10} repeats it more often. */
    private static final int ROUNDS = Integer.getInteger("crash.rounds", 3);
    /** Paced so that the kill lands mid-burst and the broker queues most of the burst while the bridge is down. */
    private static final double PUBLISH_RATE = Integer.getInteger("crash.rate", 5_000);
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    /** The bridge runs as its own process: no MiniCluster here; the broker of each run keeps sessions on disk. */
    @RegisterExtension
    static final BridgeTestEnvironment ENV = BridgeTestEnvironment.builder()
            .mqttOnEveryBroker().persistentMqtt().kafka().build();

    @Parameter
    BrokerKind broker;

    @TempDir
    Path dir;

    @Test
    void everyMessageArrivesAfterTheBridgeProcessIsKilledMidBurst() throws Exception {
        MqttTestBroker mqtt = ENV.mqtt();
        KafkaTestBroker kafka = ENV.kafka();
        for (int round = 1; round <= ROUNDS; round++) {
            String name = "crash-" + mqtt.name() + "-" + round;
            kafka.createTopics(1, name);
            Path conf = dir.resolve(name + ".conf");
            Files.writeString(conf, ENV.payloadToKafkaConfig(name, name) + "flink { checkpoint_interval = 300ms }\n");
            Path log = dir.resolve(name + ".log");
            try (KafkaReader reader = new KafkaReader(kafka.bootstrapServers(), name)) {
                long published;
                try (BridgeProcess first = BridgeProcess.run(conf, log)) {
                    first.awaitLog("MQTT source session " + name + "-0 connected", TIMEOUT);
                    try (BurstPublisher burst = new BurstPublisher(mqtt.serverUri(), name + "-publisher", name,
                            MESSAGES, PUBLISH_RATE)) {
                        // Each round kills at another point: at the first record, or with more in Kafka already.
                        int killAt = 1 + ((round - 1) % 3) * 3_000;
                        assertThat(reader.pollUntil(() -> reader.seen().size() >= killAt, TIMEOUT))
                                .as("the first bridge wrote %d records to Kafka", killAt).isTrue();
                        first.kill();
                        published = burst.acknowledged();
                        int readBeforeKill = reader.seen().size();
                        try (BridgeProcess second = BridgeProcess.run(conf, log)) {
                            burst.await(TIMEOUT.toSeconds());
                            boolean complete = reader.pollUntil(() -> reader.valueCounts().size() >= MESSAGES, TIMEOUT);
                            Map<String, Integer> counts = reader.valueCounts();
                            long duplicates = counts.values().stream().mapToLong(n -> n - 1L).sum();
                            System.out.printf("%s round %d: killed after %d of %d published and %d records read "
                                            + "from Kafka; after the restart %d distinct, %d duplicates%n",
                                    mqtt, round, published, MESSAGES, readBeforeKill, counts.size(), duplicates);
                            assertThat(complete).as("%s round %d: all %d messages in Kafka; missing %d; bridge log:%n%s",
                                    mqtt, round, MESSAGES, MESSAGES - counts.size(), tail(second.log())).isTrue();
                            assertThat(second.log()).contains("Resuming from checkpoint");
                            assertThat(duplicates).as("%s round %d: duplicates after the restart", mqtt, round)
                                    .isZero();
                        }
                    }
                }
                assertThat(published).as("the kill came mid-burst").isLessThan(MESSAGES);
            }
        }
    }


    private static String tail(String log) {
        return log.length() <= 20_000 ? log : log.substring(log.length() - 20_000);
    }
}
