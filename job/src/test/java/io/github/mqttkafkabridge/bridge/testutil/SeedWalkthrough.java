package io.github.mqttkafkabridge.bridge.testutil;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaReader;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two walkthroughs of the EMQX seed documents, as a user checks them against a bridge running the shipped
 * {@code conf/bridge.conf} and {@code sql/}, wherever it runs (MiniCluster, a session cluster, docker-compose):
 * an MQTT message in Kafka topic {@code testtopic-in} as EMQX's message.publish object, the {@code getenv} rule,
 * and a record of Kafka topic {@code testtopic-out} republished to MQTT topic {@code t/1}.
 */
public final class SeedWalkthrough {
    private final String mqttServerUri;
    private final String kafkaBootstrapServers;
    private final Duration timeout;

    public SeedWalkthrough(String mqttServerUri, String kafkaBootstrapServers, Duration timeout) {
        this.mqttServerUri = mqttServerUri;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.timeout = timeout;
    }

    /** Walkthrough 1: {@code t/1} to {@code testtopic-in} (rule my_rule); returns the Kafka record. */
    public ConsumerRecord<byte[], byte[]> mqttMessageReachesKafkaAsMessagePublishObject() throws Exception {
        try (MqttTestClient device = new MqttTestClient(mqttServerUri, "emqx_c");
             KafkaReader reader = new KafkaReader(kafkaBootstrapServers, "testtopic-in")) {
            device.publish("t/1", "{ \"msg\": \"Hello Kafka\" }", 1);

            ConsumerRecord<byte[], byte[]> record = reader.awaitRecord(
                    r -> json(r.value()).path("payload").asText().equals("{ \"msg\": \"Hello Kafka\" }")
                            && json(r.value()).has("event"), timeout);
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
            return record;
        }
    }

    /**
     * The seed's getenv rule ({@code sql/dynamic_topic.sql}): the topic comes from {@code EMQXVAR_KAFKA_TOPIC}
     * (testtopic-in) where the rule runs.
     */
    public void getenvRuleRoutesToTopicFromEnvironment(String payload) throws Exception {
        try (MqttTestClient device = new MqttTestClient(mqttServerUri, "device-env");
             KafkaReader reader = new KafkaReader(kafkaBootstrapServers, "testtopic-in")) {
            device.publish("t/env", payload, 1);

            ConsumerRecord<byte[], byte[]> record = reader.awaitRecord(
                    r -> !json(r.value()).has("event") && json(r.value()).path("payload").asText().equals(payload),
                    timeout);
            assertThat(json(record.value())).isEqualTo(Json.NODES.objectNode().put("payload", payload)
                    .put("kafka_topic", "testtopic-in"));
        }
    }

    /** Walkthrough 2: a record of {@code testtopic-out} (with a header) republished to {@code t/1} (rule back). */
    public void kafkaRecordIsRepublishedToMqtt() throws Exception {
        try (MqttTestClient subscriber = new MqttTestClient(mqttServerUri, "emqx_sub");
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaBootstrapServers,
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
            subscriber.subscribe("t/1", 1);
            // offset_reset_policy = latest: the source only sees records produced after its consumer has a
            // position, so wait until a warm-up record makes the round trip before producing the real one.
            long deadline = System.nanoTime() + timeout.toNanos();
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

            MqttTestClient.Received received = subscriber.await(m -> m.payload().contains("Hello EMQX"), timeout);
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

    private static JsonNode json(byte[] bytes) {
        JsonNode node = bytes == null ? null : Json.tryParse(new String(bytes, StandardCharsets.UTF_8));
        return node == null ? Json.NODES.objectNode() : node;
    }
}
