package io.github.mqttkafkabridge.bridge;

import io.github.mqttkafkabridge.bridge.config.BridgeConfig;
import io.github.mqttkafkabridge.bridge.config.BridgeConfigLoader;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both walkthroughs of the EMQX seed documents, with the shipped {@code conf/bridge.conf} and {@code sql/}, on
 * real brokers: MQTT -> rule -> Kafka (read with read_committed) and Kafka -> rule -> MQTT republish.
 */
class SeedWalkthroughITCase {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String JOB_NAME = "seed-walkthrough";

    @RegisterExtension
    static final BridgeTestEnvironment ENV = BridgeTestEnvironment.builder()
            .miniCluster(8).metrics().mqtt(BrokerKind.HIVEMQ).kafka().build();
    private static final MetricsProbe METRICS = ENV.metrics();

    private static MqttTestBroker mqtt;
    private static KafkaTestBroker kafka;
    private static JobClient job;

    @BeforeAll
    static void startJob() throws Exception {
        mqtt = ENV.mqtt();
        kafka = ENV.kafka();
        kafka.createTopics(1, "testtopic-in", "testtopic-out", "device-d1");
        BridgeConfig config = BridgeConfigLoader.load(Path.of("../conf/bridge.conf"), Map.of(
                "mqtt.server", mqtt.serverUri(),
                "connectors.kafka_producer.my-kafka.bootstrap_hosts", kafka.bootstrapServers(),
                "connectors.kafka_consumer.my_kafka_source.bootstrap_hosts", kafka.bootstrapServers(),
                "flink.checkpoint_interval", "500ms",
                // One more rule, for messages that fail: a dynamic topic and a WHERE on the payload.
                "actions.kafka_producer.device_sink.connector", "my-kafka",
                "actions.kafka_producer.device_sink.parameters.topic", "device-${device}",
                "rule_engine.rules.per_device.sql",
                "SELECT payload.device AS device, payload.n AS n FROM \"devices/#\" WHERE payload.n > 0",
                "rule_engine.rules.per_device.actions", List.of("kafka_producer:device_sink")));
        job = ENV.startBridge(JOB_NAME, config);
        mqtt.awaitSubscription("flink-bridge-0", "t/#", TIMEOUT);
    }

    @Test
    void mqttMessageReachesKafkaAsMessagePublishObject() throws Exception {
        try (MqttTestClient device = new MqttTestClient(mqtt.serverUri(), "emqx_c");
             KafkaReader reader = new KafkaReader(kafka.bootstrapServers(), "testtopic-in")) {
            device.publish("t/1", "{ \"msg\": \"Hello Kafka\" }", 1);

            ConsumerRecord<byte[], byte[]> record = reader.awaitRecord(
                    r -> json(r.value()).path("payload").asText().equals("{ \"msg\": \"Hello Kafka\" }")
                            && json(r.value()).has("event"), TIMEOUT);
            JsonNode value = json(record.value());
            assertThat(value.get("event").asText()).isEqualTo("message.publish");
            assertThat(value.get("topic").asText()).isEqualTo("t/1");
            assertThat(value.get("qos").asInt()).isEqualTo(1);
            assertThat(value.get("flags").get("dup").asBoolean()).isFalse();
            assertThat(value.get("flags").get("retain").asBoolean()).isFalse();
            assertThat(value.get("pub_props").isObject()).isTrue();
            assertThat(value.get("id").asText()).matches("[0-9a-f]{32}");
            assertThat(value.get("publish_received_at").isIntegralNumber()).isTrue();
            assertThat(value.get("timestamp").asLong()).isGreaterThanOrEqualTo(value.get("publish_received_at").asLong());
            assertThat(value.get("metadata").get("rule_id").asText()).isEqualTo("my_rule");
            // The default key ${.clientid} is empty (a subscriber does not learn the publisher's id): Kafka null.
            assertThat(record.key()).isNull();
        }
    }

    @Test
    void userPropertiesAppearInPubProps() throws Exception {
        try (MqttTestClient device = new MqttTestClient(mqtt.serverUri(), "device-props");
             KafkaReader reader = new KafkaReader(kafka.bootstrapServers(), "testtopic-in")) {
            device.publish("t/props", "{\"n\":1}", 1, "foo", "bar", "clientid", "car-7");

            ConsumerRecord<byte[], byte[]> record = reader.awaitRecord(
                    r -> json(r.value()).path("topic").asText().equals("t/props"), TIMEOUT);
            JsonNode value = json(record.value());
            assertThat(value.at("/pub_props/User-Property/foo").asText()).isEqualTo("bar");
            assertThat(value.at("/pub_props/User-Property-Pairs/0/key").asText()).isEqualTo("foo");
            assertThat(value.get("clientid").asText()).isEqualTo("car-7");
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("car-7");
        }
    }

    @Test
    void getenvRuleRoutesToTopicFromEnvironment() throws Exception {
        assertThat(System.getenv("EMQXVAR_KAFKA_TOPIC")).as("set by the build (failsafe)").isEqualTo("testtopic-in");
        try (MqttTestClient device = new MqttTestClient(mqtt.serverUri(), "device-env");
             KafkaReader reader = new KafkaReader(kafka.bootstrapServers(), "testtopic-in")) {
            device.publish("t/env", "payload string", 1);

            ConsumerRecord<byte[], byte[]> record = reader.awaitRecord(
                    r -> !json(r.value()).has("event")
                            && json(r.value()).path("payload").asText().equals("payload string"), TIMEOUT);
            assertThat(json(record.value())).isEqualTo(
                    Json.read("{\"payload\":\"payload string\",\"kafka_topic\":\"testtopic-in\"}"));
        }
    }

    @Test
    void kafkaRecordIsRepublishedToMqtt() throws Exception {
        try (MqttTestClient subscriber = new MqttTestClient(mqtt.serverUri(), "emqx_sub");
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            subscriber.subscribe("t/1", 1);
            // offset_reset_policy = latest: the source only sees records produced after its consumer has a
            // position, so wait until a warm-up record makes the round trip before producing the real one.
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            boolean warm = false;
            for (int n = 0; !warm && System.nanoTime() < deadline; n++) {
                producer.send(new ProducerRecord<>("testtopic-out", "warmup", "{\"warmup\":" + n + "}")).get();
                try {
                    subscriber.await(m -> m.payload().contains("warmup"), Duration.ofSeconds(1));
                    warm = true;
                } catch (AssertionError notYet) {
                    // try again with another warm-up record
                }
            }
            assertThat(warm).as("the Kafka source started consuming").isTrue();

            ProducerRecord<String, String> record = new ProducerRecord<>("testtopic-out", "key", "{\"msg\": \"Hello EMQX\"}");
            record.headers().add("header_key", "header_value".getBytes(StandardCharsets.UTF_8));
            long offset = producer.send(record).get().offset();

            MqttTestClient.Received received = subscriber.await(m -> m.payload().contains("Hello EMQX"), TIMEOUT);
            JsonNode payload = Json.read(received.payload());
            assertThat(received.topic()).isEqualTo("t/1");
            assertThat(received.qos()).isEqualTo(1);
            assertThat(payload.get("value").asText()).isEqualTo("{\"msg\": \"Hello EMQX\"}");
            assertThat(payload.get("key").asText()).isEqualTo("key");
            assertThat(payload.get("topic").asText()).isEqualTo("testtopic-out");
            assertThat(payload.get("offset").asLong()).isEqualTo(offset);
            assertThat(payload.get("ts_type").asText()).isEqualTo("create");
            assertThat(payload.get("ts").isIntegralNumber()).isTrue();
            assertThat(payload.get("headers")).isEqualTo(Json.read("{\"header_key\":\"header_value\"}"));
            assertThat(payload.size()).as("exactly the documented fields").isEqualTo(7);
        }
    }

    @Test
    void badMessagesAreCountedAndNeitherStopTheJobNorBlockOthers() throws Exception {
        try (MqttTestClient device = new MqttTestClient(mqtt.serverUri(), "device-bad");
             KafkaReader reader = new KafkaReader(kafka.bootstrapServers(), "device-d1")) {
            device.publish("devices/a", "not json", 1);                   // rule: failed_exception
            device.publish("devices/a", "{\"n\":1}", 1);                  // action: topic cannot be rendered
            device.publish("devices/a", "{\"device\":\"d1\",\"n\":0}", 1); // rule: failed_no_result
            device.publish("devices/a", "{\"device\":\"d1\",\"n\":5}", 1); // delivered

            ConsumerRecord<byte[], byte[]> record = reader.awaitRecord(r -> true, TIMEOUT);
            assertThat(json(record.value())).isEqualTo(Json.read("{\"device\":\"d1\",\"n\":5}"));
            awaitCounter("rule:per_device", "matched", 4);
            assertThat(counter("rule:per_device", "passed")).isEqualTo(2);
            assertThat(counter("rule:per_device", "failed")).isEqualTo(2);
            assertThat(counter("rule:per_device", "failed_exception")).isEqualTo(1);
            assertThat(counter("rule:per_device", "failed_no_result")).isEqualTo(1);
            awaitCounter("action:kafka_producer:device_sink", "failed", 1);
            assertThat(counter("action:kafka_producer:device_sink", "matched")).isEqualTo(2);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        }
    }

    private static long counter(String operator, String name) {
        return METRICS.value(JOB_NAME, operator, name);
    }

    private static void awaitCounter(String operator, String name, long expected) throws InterruptedException {
        assertThat(METRICS.awaitAtLeast(JOB_NAME, operator, name, expected, TIMEOUT)).isEqualTo(expected);
    }

    private static JsonNode json(byte[] bytes) {
        JsonNode node = bytes == null ? null : Json.tryParse(new String(bytes, StandardCharsets.UTF_8));
        return node == null ? Json.NODES.objectNode() : node;
    }
}
