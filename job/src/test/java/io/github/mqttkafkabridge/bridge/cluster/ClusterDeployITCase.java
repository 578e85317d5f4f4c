package io.github.mqttkafkabridge.bridge.cluster;

import io.github.mqttkafkabridge.bridge.testutil.BridgeTestEnvironment;
import io.github.mqttkafkabridge.bridge.testutil.BurstPublisher;
import io.github.mqttkafkabridge.bridge.testutil.FlinkSessionCluster;
import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.mqtt.testutil.BrokerKind;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaReader;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.OnEveryMqttBroker;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The step a user takes most often, under a steady QoS 1 load: edit the rules and run
 * {@code bridge-cli.jar deploy --cluster ... --conf ...} against a running bridge on a real session cluster. The
 * edit changes one rule's output, removes another with its action, adds a rule with a new action and keeps a
 * windowed rule; a second deploy asks for more slots
 * than the cluster has, so it never comes up and deploy starts the previous version again from the same savepoint.
 * Every message must be in Kafka (read_committed) exactly once across both versions, and the windowed rule's
 * counts must add up to every message: its open windows went through both savepoints.
 */
@OnEveryMqttBroker
class ClusterDeployITCase {
    private static final int MESSAGES = Integer.getInteger("deploy.messages", 32_000);
    private static final double RATE = 600;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    @RegisterExtension
    static final BridgeTestEnvironment ENV = BridgeTestEnvironment.builder().mqttOnEveryBroker().kafka().build();

    @Parameter
    BrokerKind broker;

    @TempDir
    Path dir;

    @Test
    void editedRulesRedeployedUnderLoadLoseAndDuplicateNothing() throws Exception {
        MqttTestBroker mqtt = ENV.mqtt();
        KafkaTestBroker kafka = ENV.kafka();
        String name = "deploy-" + mqtt.name();
        kafka.createTopics(1, name, name + "-counts", name + "-extra", name + "-audit");
        Path conf = dir.resolve("bridge.conf");
        String base = String.join("\n", ENV.baseConfig(name),
                "flink { checkpoint_interval = 500ms }",
                "actions.kafka_producer.out { connector = k, parameters { topic = \"" + name + "\" } }",
                "actions.kafka_producer.counts { connector = k, parameters { topic = \"" + name + "-counts\" } }",
                rule("counts", "SELECT count(*) AS n FROM \\\"" + name + "/#\\\" GROUP BY TUMBLE('15 seconds')",
                        "counts"), "");
        String version1 = base
                + "actions.kafka_producer.extra { connector = k, parameters { topic = \"" + name + "-extra\" } }\n"
                + rule("load", "SELECT payload, 1 AS v FROM \\\"" + name + "/#\\\"", "out")
                + rule("extra", "SELECT payload FROM \\\"" + name + "/#\\\" WHERE payload = '1'", "extra");
        String version2 = base
                + "actions.kafka_producer.audit { connector = k, parameters { topic = \"" + name + "-audit\" } }\n"
                + rule("audit", "SELECT clientid FROM \\\"" + name + "/#\\\"", "audit")
                + rule("load", "SELECT payload, 2 AS v FROM \\\"" + name + "/#\\\"", "out");

        try (FlinkSessionCluster cluster = FlinkSessionCluster.start(dir.resolve("flink"), 1, 4, Map.of());
             KafkaReader out = new KafkaReader(kafka.bootstrapServers(), name);
             KafkaReader counts = new KafkaReader(kafka.bootstrapServers(), name + "-counts")) {
            Files.writeString(conf, version1);
            ClusterJobs.Deploy first = ClusterJobs.deploy(cluster, conf, dir.resolve("deploy-1.log"));
            assertThat(first.exitCode()).as(first.output()).isZero();
            assertThat(first.output()).contains("starting it without state", "RUNNING");
            mqtt.awaitSubscription(name + "-0", name + "/#", TIMEOUT);

            try (BurstPublisher load = new BurstPublisher(mqtt.serverUri(), name + "-publisher", name, MESSAGES,
                    RATE)) {
                assertThat(out.pollUntil(() -> out.seen().size() >= MESSAGES / 20, TIMEOUT)).isTrue();
                Files.writeString(conf, version2);
                long publishedBefore = load.acknowledged();
                ClusterJobs.Deploy second = ClusterJobs.deploy(cluster, conf, dir.resolve("deploy-2.log"));
                System.out.printf("%s: deploy of the edited rules from %d to %d published:%n%s", mqtt,
                        publishedBefore, load.acknowledged(), second.output());
                assertThat(second.exitCode()).as(second.output()).isZero();
                assertThat(load.acknowledged()).as("the edited rules were deployed mid-load").isLessThan(MESSAGES);
                assertThat(second.output()).contains(
                        "rule audit added: it starts without state",
                        "action kafka_producer:audit added: it starts without state",
                        "rule extra removed: it had no state",
                        "rule load changed: it had no state to carry over",
                        "rule counts unchanged: its open windows are restored from the savepoint",
                        "action kafka_producer:extra removed",
                        "RUNNING, restored from");

                int before = out.seen().size();
                assertThat(out.pollUntil(() -> out.seen().size() >= before + MESSAGES / 40, TIMEOUT)).isTrue();
                Files.writeString(conf, version2.replace("checkpoint_interval = 500ms",
                        "checkpoint_interval = 500ms, parallelism = 64"));
                long publishedBeforeRollback = load.acknowledged();
                ClusterJobs.Deploy third = ClusterJobs.deploy(cluster, conf, dir.resolve("deploy-3.log"),
                        "--timeout", "PT15S");
                System.out.printf("%s: deploy of a version that needs 64 slots from %d to %d published:%n%s", mqtt,
                        publishedBeforeRollback, load.acknowledged(), third.output());
                assertThat(third.exitCode()).as(third.output()).isEqualTo(1);
                assertThat(third.output()).contains("did not come up", "rolled back");
                assertThat(publishedBeforeRollback).as("the rollback deploy began mid-load").isLessThan(MESSAGES);
                load.await(TIMEOUT.toSeconds());
            }

            boolean complete = out.pollUntil(() -> distinct(out).size() >= MESSAGES, TIMEOUT);
            Map<String, Integer> seen = distinct(out);
            long duplicates = seen.values().stream().mapToLong(n -> n - 1L).sum();
            long version2Records = out.seen().stream().filter(r -> json(r).path("v").asInt() == 2).count();
            // The window of the last message closes within 15 s; then the counts add up.
            counts.pollUntil(() -> windowTotal(counts) >= MESSAGES, TIMEOUT);
            long counted = windowTotal(counts);
            System.out.printf("%s: across three deploys %d of %d distinct, %d missing, %d duplicates, %d by the "
                            + "edited rule; the windowed rule counted %d%n", mqtt, seen.size(), MESSAGES,
                    MESSAGES - seen.size(), duplicates, version2Records, counted);
            assertThat(complete).as("all messages in Kafka; missing %d%n%s", MESSAGES - seen.size(),
                    cluster.logs()).isTrue();
            assertThat(duplicates).as("duplicates").isZero();
            assertThat(version2Records).as("the edited rule wrote").isPositive();
            assertThat(counted).as("window counts over all windows").isEqualTo(MESSAGES);
        }
    }

    private static String rule(String id, String sql, String action) {
        return "rule_engine.rules." + id + " { sql = \"" + sql + "\", actions = [\"kafka_producer:" + action
                + "\"] }\n";
    }

    private static Map<String, Integer> distinct(KafkaReader reader) {
        Map<String, Integer> counts = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : reader.seen()) {
            counts.merge(json(r).path("payload").asText(), 1, Integer::sum);
        }
        return counts;
    }

    private static long windowTotal(KafkaReader reader) {
        return reader.seen().stream().mapToLong(r -> json(r).path("n").asLong()).sum();
    }

    private static JsonNode json(ConsumerRecord<byte[], byte[]> r) {
        return Json.read(new String(r.value(), StandardCharsets.UTF_8));
    }
}
