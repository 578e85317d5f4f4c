package io.github.mqttkafkabridge.bridge.kafka;

import io.github.mqttkafkabridge.bridge.testutil.BridgeTestEnvironment;
import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.mqtt.testutil.BrokerKind;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaReader;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MetricsProbe;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages a Kafka action cannot write (topic not renderable, illegal, missing; record too large; malformed
 * headers) land in the dead-letter topic with their reason, or are counted in {@code failed}; neither stops the
 * job or holds back the messages behind them.
 */
class KafkaDeadLetterITCase {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String JOB = "kafka-dead-letters";

    @RegisterExtension
    static final BridgeTestEnvironment ENV = BridgeTestEnvironment.builder()
            .miniCluster(4).metrics().mqtt(BrokerKind.HIVEMQ).kafka().build();
    private static final MetricsProbe METRICS = ENV.metrics();

    private static MqttTestBroker mqtt;
    private static KafkaTestBroker kafka;
    private static JobClient job;

    @BeforeAll
    static void start() throws Exception {
        mqtt = ENV.mqtt();
        kafka = ENV.kafka();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("dl-good", 2, (short) 1), new NewTopic("dl-dead", 1, (short) 1),
                    new NewTopic("plain-good", 1, (short) 1), new NewTopic("fb-good", 1, (short) 1),
                    new NewTopic("fb-fallback", 1, (short) 1),
                    new NewTopic("dl-small", 1, (short) 1).configs(Map.of("max.message.bytes", "2000")))).all().get();
        }
        job = ENV.startBridge(JOB, ENV.baseConfig("dl-it")
                + "flink { checkpoint_interval = 300ms }\n"
                + "actions.kafka_producer.routed { connector = k, parameters {\n"
                + "  topic = \"dl-${payload.target}\", message.value = \"${payload.body}\",\n"
                + "  kafka_headers = \"${payload.hdrs}\", dead_letter { topic = dl-dead } } }\n"
                + "actions.kafka_producer.plain { connector = k, parameters { topic = \"${payload.target}\" } }\n"
                // EMQX 5.9+ fallback_actions: another Kafka action and a republish, both with the reason.
                + "actions.kafka_producer.guarded { connector = k, parameters { topic = \"${payload.target}\" },\n"
                + "  fallback_actions = [{kind = reference, type = kafka_producer, name = fallback_sink},\n"
                + "    {kind = republish, args = {topic = \"fb/out/${fallback.reason}\", payload = \"${payload}\", qos = 1}}] }\n"
                + "actions.kafka_producer.fallback_sink { connector = k, parameters { topic = fb-fallback } }\n"
                + "rule_engine.rules.guarded { sql = \"SELECT payload FROM \\\"fb/#\\\"\", "
                + "actions = [\"kafka_producer:guarded\"] }\n"
                + "rule_engine.rules.routed { sql = \"SELECT payload FROM \\\"dl/#\\\"\", "
                + "actions = [\"kafka_producer:routed\"] }\n"
                + "rule_engine.rules.plain { sql = \"SELECT payload FROM \\\"plain/#\\\"\", "
                + "actions = [\"kafka_producer:plain\"] }\n");
        mqtt.awaitSubscription("dl-it-0", "dl/#", TIMEOUT);
        mqtt.awaitSubscription("dl-it-0", "fb/#", TIMEOUT);
    }

    @Test
    void everyUndeliverableMessageIsDeadLetteredWithItsReasonAndTheOthersGetThrough() throws Exception {
        String big = "x".repeat(3000);
        try (MqttTestClient device = new MqttTestClient(mqtt.serverUri(), "dl-device");
             KafkaReader good = new KafkaReader(kafka.bootstrapServers(), "dl-good");
             KafkaReader dead = new KafkaReader(kafka.bootstrapServers(), "dl-dead")) {
            device.publish("dl/1", "{\"target\":\"good\",\"body\":\"ok-1\"}", 1);
            device.publish("dl/2", "{\"body\":\"where to?\"}", 1);
            device.publish("dl/3", "{\"target\":\"bad topic!\",\"body\":\"b\"}", 1);
            device.publish("dl/4", "{\"target\":\"missing\",\"body\":\"m\"}", 1);
            device.publish("dl/5", "{\"target\":\"small\",\"body\":\"" + big + "\"}", 1);
            device.publish("dl/6", "{\"target\":\"good\",\"body\":\"h\",\"hdrs\":42}", 1);
            device.publish("dl/7", "{\"target\":\"good\",\"body\":\"ok-2\"}", 1);

            good.pollUntil(() -> good.seen().size() >= 2, TIMEOUT);
            assertThat(good.seen()).extracting(r -> text(r.value())).containsExactlyInAnyOrder("ok-1", "ok-2");

            dead.pollUntil(() -> dead.seen().size() >= 5, TIMEOUT);
            assertThat(dead.seen()).hasSize(5);
            Map<String, JsonNode> byReason = new HashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : dead.seen()) {
                JsonNode letter = Json.read(text(r.value()));
                assertThat(letter.get("action").asText()).isEqualTo("kafka_producer:routed");
                assertThat(letter.get("timestamp").asLong()).isGreaterThan(1_700_000_000_000L);
                assertThat(letter.get("time").asText()).endsWith("Z");
                assertThat(text(r.key())).isEqualTo("kafka_producer:routed");
                byReason.put(letter.get("reason").asText(), letter);
            }
            assertThat(byReason).containsOnlyKeys("topic_render_failed", "invalid_topic", "unknown_topic", "too_large",
                    "malformed_headers");
            assertThat(payloadField(byReason.get("topic_render_failed").get("message"), "body")).isEqualTo("where to?");
            assertThat(byReason.get("invalid_topic").get("detail").asText()).contains("dl-bad topic!");
            assertThat(byReason.get("unknown_topic").get("detail").asText()).contains("\"dl-missing\" does not exist");
            assertThat(payloadField(byReason.get("unknown_topic").get("message"), "target")).isEqualTo("missing");
            assertThat(byReason.get("too_large").get("detail").asText()).contains("2000 bytes topic \"dl-small\"");
            assertThat(payloadField(byReason.get("too_large").get("message"), "body")).isEqualTo(big);
            assertThat(byReason.get("malformed_headers").get("detail").asText()).contains("42");
        }
        String op = "action:kafka_producer:routed";
        assertThat(METRICS.awaitAtLeast(JOB, op, "matched", 7, TIMEOUT)).isEqualTo(7);
        assertThat(METRICS.awaitAtLeast(JOB, op, "success", 2, TIMEOUT)).isEqualTo(2);
        assertThat(METRICS.value(JOB, op, "dead_lettered")).isEqualTo(5);
        assertThat(METRICS.value(JOB, op, "failed")).isZero();
        assertThat(METRICS.value(JOB, op, "dropped")).isZero();
        assertThat(METRICS.value(JOB, op, "inflight")).isZero();
    }

    @Test
    void withoutDeadLetterTopicTheMessageIsCountedAsFailedAndTheJobGoesOn() throws Exception {
        try (MqttTestClient device = new MqttTestClient(mqtt.serverUri(), "plain-device");
             KafkaReader good = new KafkaReader(kafka.bootstrapServers(), "plain-good")) {
            device.publish("plain/1", "{\"target\":\"no-such-topic\"}", 1);
            device.publish("plain/2", "{\"target\":\"plain-good\"}", 1);
            good.pollUntil(() -> !good.seen().isEmpty(), TIMEOUT);
            assertThat(good.seen()).hasSize(1);
            assertThat(payloadField(Json.read(text(good.seen().get(0).value())), "target")).isEqualTo("plain-good");
        }
        String op = "action:kafka_producer:plain";
        assertThat(METRICS.awaitAtLeast(JOB, op, "failed", 1, TIMEOUT)).isEqualTo(1);
        assertThat(METRICS.awaitAtLeast(JOB, op, "success", 1, TIMEOUT)).isEqualTo(1);
        assertThat(METRICS.value(JOB, op, "matched")).isEqualTo(2);
        assertThat(METRICS.value(JOB, op, "dead_lettered")).isZero();
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    }

    @Test
    void fallbackActionsGetWhatTheActionCannotDeliverWithTheReason() throws Exception {
        try (MqttTestClient subscriber = new MqttTestClient(mqtt.serverUri(), "fb-subscriber");
             MqttTestClient device = new MqttTestClient(mqtt.serverUri(), "fb-device");
             KafkaReader good = new KafkaReader(kafka.bootstrapServers(), "fb-good");
             KafkaReader fallback = new KafkaReader(kafka.bootstrapServers(), "fb-fallback")) {
            subscriber.subscribe("fb/out/#", 1);
            device.publish("fb/1", "{\"target\":\"fb-absent\",\"n\":1}", 1);
            device.publish("fb/2", "{\"target\":\"fb-good\",\"n\":2}", 1);

            fallback.pollUntil(() -> !fallback.seen().isEmpty(), TIMEOUT);
            good.pollUntil(() -> !good.seen().isEmpty(), TIMEOUT);
            // The republish goes to fb/out/..., which the rule reads too: the bridge skips its own fallback
            // messages there, so the failure does not go round again.
            fallback.pollUntil(() -> fallback.seen().size() > 1, Duration.ofSeconds(3));
            assertThat(good.seen()).hasSize(1);
            assertThat(fallback.seen()).hasSize(1);
            JsonNode output = Json.read(text(fallback.seen().get(0).value()));
            assertThat(payloadField(output, "n")).isEqualTo("1");
            assertThat(output.get("fallback").get("action").asText()).isEqualTo("kafka_producer:guarded");
            assertThat(output.get("fallback").get("reason").asText()).isEqualTo("unknown_topic");
            assertThat(output.get("fallback").get("detail").asText()).contains("\"fb-absent\" does not exist");

            MqttTestClient.Received republished = subscriber.await(m -> m.topic().startsWith("fb/out/"), TIMEOUT);
            assertThat(republished.topic()).isEqualTo("fb/out/unknown_topic");
            assertThat(Json.read(republished.payload()).get("n").asInt()).isEqualTo(1);
        }
        String op = "action:kafka_producer:guarded";
        assertThat(METRICS.awaitAtLeast(JOB, op, "failed", 1, TIMEOUT)).isEqualTo(1);
        assertThat(METRICS.awaitAtLeast(JOB, op, "success", 1, TIMEOUT)).isEqualTo(1);
        assertThat(METRICS.awaitAtLeast(JOB, "action:kafka_producer:fallback_sink", "success", 1, TIMEOUT)).isEqualTo(1);
        assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
    }

    /** A field of the MQTT payload inside a rule output ({@code payload} is the payload text, as in EMQX). */
    private static String payloadField(JsonNode ruleOutput, String field) {
        return Json.read(ruleOutput.get("payload").asText()).get(field).asText();
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
