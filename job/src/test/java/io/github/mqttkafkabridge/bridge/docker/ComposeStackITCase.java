package io.github.mqttkafkabridge.bridge.docker;

import io.github.mqttkafkabridge.bridge.testutil.BurstPublisher;
import io.github.mqttkafkabridge.bridge.testutil.SeedWalkthrough;
import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaReader;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bridge as {@code docker-compose.yml} runs it — the official images of Flink 2.2 (jobmanager, taskmanager),
 * Kafka 4.2 and EMQX 5, and {@code bridge.jar} submitted by the file's client service with
 * {@code conf/bridge-compose.conf} and {@code sql/} — checked from outside as a user would: both seed walkthroughs,
 * then the TaskManager killed with SIGKILL under load. Runs only with {@code mvn verify -Pdocker}, which fails
 * without a Docker engine.
 *
 * <p>The kill comes last (the methods are ordered) so that the walkthroughs see a cluster that never failed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeStackITCase {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    /** {@code -Ddocker.kill.messages} and {@code -Ddocker.kill.rate} change the load of the TaskManager kill. */
    private static final int KILL_MESSAGES = Integer.getInteger("docker.kill.messages", 30_000);
    private static final double KILL_RATE = Integer.getInteger("docker.kill.rate", 500);
    /** Recovery waits for the JobManager to notice the lost TaskManager, then drains EMQX's queued backlog. */
    private static final Duration RECOVERY = Duration.ofMinutes(5);
    private static final String KILL_TOPIC_PREFIX = "t/tm-kill";

    @RegisterExtension
    static final ComposeStack STACK = new ComposeStack();

    @Test
    @Order(1)
    void mqttMessageReachesKafkaAsMessagePublishObject() throws Exception {
        walkthrough().mqttMessageReachesKafkaAsMessagePublishObject();
    }

    @Test
    @Order(2)
    void getenvRuleReadsTheTaskManagersEnvironment() throws Exception {
        // docker-compose.yml sets EMQXVAR_KAFKA_TOPIC on the taskmanager service only: getenv runs there.
        walkthrough().getenvRuleRoutesToTopicFromEnvironment("payload from compose");
    }

    @Test
    @Order(3)
    void kafkaRecordIsRepublishedToMqtt() throws Exception {
        walkthrough().kafkaRecordIsRepublishedToMqtt();
    }

    /**
     * A steady QoS 1 load on {@code t/tm-kill/<n>}; once part of it is in Kafka, the taskmanager container is
     * killed with SIGKILL and started again. EMQX keeps the bridge's session and queues the rest of the load, the
     * JobManager restores the job from its latest checkpoint on the new TaskManager, and both seed rules must have
     * written every message to Kafka (read_committed) exactly once.
     */
    @Test
    @Order(4)
    void everyMessageArrivesExactlyOnceWhenTheTaskManagerIsKilledUnderLoad() throws Exception {
        LoadInKafka load = new LoadInKafka();
        try (KafkaReader reader = new KafkaReader(STACK.kafkaBootstrapServers(), ComposeStack.SEED_KAFKA_TOPIC);
             BurstPublisher publisher = new BurstPublisher(STACK.mqttServerUri(), "tm-kill-publisher",
                     KILL_TOPIC_PREFIX, KILL_MESSAGES, KILL_RATE)) {
            int killAt = Math.min(2_000, KILL_MESSAGES / 10);
            assertThat(reader.pollUntil(() -> load.update(reader.seen()).messagePublish.size() >= killAt, TIMEOUT))
                    .as("%d messages of the load in Kafka before the kill", killAt).isTrue();
            long publishedAtKill = publisher.acknowledged();
            int inKafkaAtKill = load.messagePublish.size();
            STACK.killAndStart("taskmanager");

            publisher.await(RECOVERY.toSeconds());
            boolean complete = reader.pollUntil(() -> load.update(reader.seen()).complete(), RECOVERY);
            Optional<JsonNode> restored = STACK.flink().restoredCheckpoint(STACK.bridgeJobId());
            System.out.printf("[docker] TaskManager killed after %d of %d messages published and %d in Kafka; "
                            + "restored checkpoint %s; rule my_rule: %d distinct, %d missing, %d duplicates; "
                            + "rule dynamic_topic: %d distinct, %d missing, %d duplicates%n",
                    publishedAtKill, KILL_MESSAGES, inKafkaAtKill, restored.map(r -> r.path("id").asText()).orElse("none"),
                    load.messagePublish.size(), KILL_MESSAGES - load.messagePublish.size(),
                    duplicates(load.messagePublish), load.getenv.size(), KILL_MESSAGES - load.getenv.size(),
                    duplicates(load.getenv));

            assertThat(publishedAtKill).as("the kill came in the middle of the load").isLessThan(KILL_MESSAGES);
            assertThat(restored).as("the job was restored from a checkpoint after the kill").isPresent();
            assertThat(complete).as("every message of the load in Kafka within %s of the kill; taskmanager log:%n%s",
                    RECOVERY, STACK.logTail("taskmanager")).isTrue();
            assertThat(duplicates(load.messagePublish)).as("duplicates written by my_rule").isZero();
            assertThat(duplicates(load.getenv)).as("duplicates written by dynamic_topic").isZero();
        }
    }

    /**
     * The load's records in Kafka, counted per message and per seed rule: {@code my_rule} writes the
     * message.publish object (its topic is under {@value #KILL_TOPIC_PREFIX}), {@code dynamic_topic} writes
     * {@code {payload, kafka_topic}} (only the load's payloads start with "msg-").
     */
    private static final class LoadInKafka {
        final Map<String, Integer> messagePublish = new HashMap<>();
        final Map<String, Integer> getenv = new HashMap<>();
        private int counted;

        LoadInKafka update(List<ConsumerRecord<byte[], byte[]>> seen) {
            for (; counted < seen.size(); counted++) {
                JsonNode value = json(seen.get(counted));
                String payload = value.path("payload").asText();
                if (value.path("topic").asText().startsWith(KILL_TOPIC_PREFIX + "/")) {
                    messagePublish.merge(payload, 1, Integer::sum);
                } else if (value.has("kafka_topic") && payload.startsWith("msg-")) {
                    getenv.merge(payload, 1, Integer::sum);
                }
            }
            return this;
        }

        boolean complete() {
            return messagePublish.size() >= KILL_MESSAGES && getenv.size() >= KILL_MESSAGES;
        }
    }

    private static SeedWalkthrough walkthrough() {
        return new SeedWalkthrough(STACK.mqttServerUri(), STACK.kafkaBootstrapServers(), TIMEOUT);
    }

    private static long duplicates(Map<String, Integer> counts) {
        return counts.values().stream().mapToLong(n -> n - 1L).sum();
    }

    private static JsonNode json(ConsumerRecord<byte[], byte[]> record) {
        JsonNode node = record.value() == null ? null
                : Json.tryParse(new String(record.value(), StandardCharsets.UTF_8));
        return node == null ? Json.NODES.objectNode() : node;
    }
}
