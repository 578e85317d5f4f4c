package io.github.mqttkafkabridge.bridge;

import io.github.mqttkafkabridge.bridge.config.BridgeConfig;
import io.github.mqttkafkabridge.bridge.config.BridgeConfigLoader;
import io.github.mqttkafkabridge.bridge.testutil.BridgeTestEnvironment;
import io.github.mqttkafkabridge.bridge.testutil.SeedWalkthrough;
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
        walkthrough().mqttMessageReachesKafkaAsMessagePublishObject();
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
        walkthrough().getenvRuleRoutesToTopicFromEnvironment("payload string");
    }

    @Test
    void kafkaRecordIsRepublishedToMqtt() throws Exception {
        walkthrough().kafkaRecordIsRepublishedToMqtt();
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

    private static SeedWalkthrough walkthrough() {
        return new SeedWalkthrough(mqtt.serverUri(), kafka.bootstrapServers(), TIMEOUT);
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
