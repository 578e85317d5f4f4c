package io.github.mqttkafkabridge.bridge.kafka;

import io.github.mqttkafkabridge.bridge.testutil.BridgeTestEnvironment;
import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.mqtt.testutil.BrokerKind;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaReader;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MetricsProbe;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient.Received;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * EMQX's kafka_consumer source parameters and republish arguments, observed by an MQTT subscriber and in the
 * consumer group: several sources in one job, earliest/latest, base64 and binary values, key and headers in the
 * rule input, topic patterns, every republish template and MQTT 5 property, and the legacy topic_mapping.
 */
class KafkaSourceParametersITCase {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String JOB = "kafka-source-parameters";

    @RegisterExtension
    static final BridgeTestEnvironment ENV = BridgeTestEnvironment.builder()
            .miniCluster(4).metrics().mqtt(BrokerKind.HIVEMQ).kafka().build();
    private static final MetricsProbe METRICS = ENV.metrics();

    private static MqttTestBroker mqtt;
    private static KafkaTestBroker kafka;
    private static KafkaProducer<byte[], byte[]> producer;
    private static MqttTestClient subscriber;

    @BeforeAll
    static void start() throws Exception {
        mqtt = ENV.mqtt();
        kafka = ENV.kafka();
        kafka.createTopics(2, "src-main");
        kafka.createTopics(1, "late-copy", "src-late", "src-b64", "src-bin", "pat-1", "pat-2", "legacy-1", "legacy-2");
        producer = new KafkaProducer<>(Map.of("bootstrap.servers", kafka.bootstrapServers(),
                "key.serializer", ByteArraySerializer.class.getName(),
                "value.serializer", ByteArraySerializer.class.getName()));
        // Written before the job starts: "earliest" sources read them, the "latest" one must not.
        send("src-late", null, "old", Map.of());
        send("legacy-1", "k1", "{\"n\":1}", Map.of());
        subscriber = new MqttTestClient(mqtt.serverUri(), "source-params-subscriber");
        subscriber.subscribe("out/#", 2);
        subscriber.subscribe("legacy/#", 2);

        String kc = "connector = kc, parameters ";
        ENV.startBridge(JOB, ENV.baseConfig("source-params")
                + "flink { checkpoint_interval = 300ms }\n"
                + "actions.kafka_producer.late_copy { connector = k, parameters { topic = late-copy, message.value = \"${value}\" } }\n"
                + "sources.kafka_consumer.main { " + kc + "{ topic = src-main, group_id = my-group, "
                + "  offset_reset_policy = earliest, max_batch_bytes = 1KB, max_wait_time = 200ms, "
                + "  offset_commit_interval_seconds = 5s } }\n"
                + "sources.kafka_consumer.late { " + kc + "{ topic = src-late } }\n"
                + "sources.kafka_consumer.b64 { " + kc + "{ topic = src-b64, offset_reset_policy = earliest, "
                + "  key_encoding_mode = base64, value_encoding_mode = base64 } }\n"
                + "sources.kafka_consumer.bin { " + kc + "{ topic = src-bin, offset_reset_policy = earliest } }\n"
                + "sources.kafka_consumer.pat { " + kc + "{ topic_pattern = \"pat-.*\", offset_reset_policy = earliest } }\n"
                + "sources.kafka_consumer.legacy { " + kc + "{ offset_reset_policy = earliest, topic_mapping = [\n"
                + "  {kafka_topic = legacy-1, mqtt_topic = \"legacy/one/${key}\", qos = 1, payload_template = \"n=${value.n} ${nope}!\"},\n"
                + "  {kafka_topic = legacy-2, mqtt_topic = \"legacy/two\"}] } }\n"
                + "rule_engine.rules.main { sql = \"\"\"SELECT key, headers.h1 AS h1, value.msg AS msg, value.q AS q, "
                + "value.r AS r, value.ttl AS ttl, value.corr AS corr, value.props AS props "
                + "FROM \"$bridges/kafka_consumer:main\" \"\"\"\n"
                + "  actions = [{function = republish, args = {topic = \"out/main/${key}\", payload = \"${msg}|${h1}|${missing}\",\n"
                + "    qos = \"${q}\", retain = \"${r}\", user_properties = \"${props}\",\n"
                + "    mqtt_properties = {Content-Type = \"text/plain\", Message-Expiry-Interval = \"${ttl}\",\n"
                + "      Payload-Format-Indicator = \"1\", Response-Topic = \"reply/${key}\", Correlation-Data = \"${corr}\"},\n"
                + "    direct_dispatch = false}}] }\n"
                + "rule_engine.rules.coords { sql = \"SELECT value, topic, partition, offset FROM "
                + "\\\"$bridges/kafka_consumer:main\\\"\",\n"
                + "  actions = [{function = republish, args = {topic = out/coords, payload = \"${value}\", qos = 1,\n"
                + "    user_properties = {kafka-coordinates = \"${topic}/${partition}/${offset}\", absent = \"${nope}\"}}}] }\n"
                + "rule_engine.rules.late { sql = \"SELECT value FROM \\\"$bridges/kafka_consumer:late\\\"\",\n"
                + "  actions = [{function = republish, args = {topic = out/late, payload = \"${value}\", qos = 1}},\n"
                + "             \"kafka_producer:late_copy\"] }\n"
                + "rule_engine.rules.b64 { sql = \"SELECT key, value FROM \\\"$bridges/kafka_consumer:b64\\\"\",\n"
                + "  actions = [{function = republish, args = {topic = out/b64, payload = \"\", qos = 1}}] }\n"
                + "rule_engine.rules.bin { sql = \"SELECT value FROM \\\"$bridges/kafka_consumer:bin\\\"\",\n"
                + "  actions = [{function = republish, args = {topic = out/bin, payload = \"${value}\", qos = 1}}] }\n"
                + "rule_engine.rules.pat { sql = \"SELECT topic, value FROM \\\"$bridges/kafka_consumer:pat\\\"\",\n"
                + "  actions = [{function = republish, args = {topic = \"out/pat/${topic}\", payload = \"${value}\", qos = 1}},\n"
                + "             {function = republish, args = {topic = \"out/pat-bad/#\", payload = \"${value}\", qos = 1}}] }\n");
    }

    @AfterAll
    static void stop() throws Exception {
        if (producer != null) {
            producer.close();
        }
        if (subscriber != null) {
            subscriber.close();
        }
    }

    private static void send(String topic, String key, String value, Map<String, String> headers) throws Exception {
        send(topic, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static void send(String topic, byte[] key, byte[] value, Map<String, String> headers) throws Exception {
        RecordHeaders h = new RecordHeaders();
        headers.forEach((k, v) -> h.add(k, v.getBytes(StandardCharsets.UTF_8)));
        producer.send(new ProducerRecord<>(topic, null, key, value, h)).get();
    }

    @Test
    void republishRendersTopicPayloadQosRetainUserPropertiesAndMqttProperties() throws Exception {
        send("src-main", "dev-1", "{\"msg\":\"open\",\"q\":2,\"r\":true,\"ttl\":3600,\"corr\":\"c-1\","
                + "\"props\":{\"a\":\"1\",\"b\":\"two\"}}", Map.of("h1", "hv"));
        Received r = subscriber.await(m -> m.topic().equals("out/main/dev-1"), TIMEOUT);
        assertThat(r.payload()).isEqualTo("open|hv|undefined");
        assertThat(r.qos()).isEqualTo(2);
        assertThat(r.userProperties()).containsExactly("a=1", "b=two");
        assertThat(r.properties().getContentType()).isEqualTo("text/plain");
        assertThat(r.properties().getMessageExpiryInterval()).isBetween(3500L, 3600L);
        assertThat(r.properties().getPayloadFormat()).isTrue();
        assertThat(r.properties().getResponseTopic()).isEqualTo("reply/dev-1");
        assertThat(new String(r.properties().getCorrelationData(), StandardCharsets.UTF_8)).isEqualTo("c-1");

        // Ours: named user properties from templates, here the record's Kafka coordinates for de-duplication.
        Received coords = subscriber.await(m -> m.topic().equals("out/coords"), TIMEOUT);
        assertThat(coords.userProperties()).hasSize(1);
        assertThat(coords.userProperties().get(0)).matches("kafka-coordinates=src-main/[01]/0");

        // retain = true: a subscriber that comes later gets the message as retained.
        try (MqttTestClient late = new MqttTestClient(mqtt.serverUri(), "late-subscriber")) {
            late.subscribe("out/main/dev-1", 1);
            assertThat(late.await(m -> true, TIMEOUT).retained()).isTrue();
        }
        // The consumer group named by group_id holds the committed offsets (committed with each checkpoint).
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            long committed = 0;
            while (committed < 1 && System.nanoTime() < deadline) {
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("my-group")
                        .partitionsToOffsetAndMetadata().get();
                committed = offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
                Thread.sleep(200);
            }
            long end = 0;
            for (int p = 0; p < 2; p++) {
                end += admin.listOffsets(Map.of(new TopicPartition("src-main", p), OffsetSpec.latest())).all().get()
                        .values().iterator().next().offset();
            }
            assertThat(committed).as("offsets committed for group my-group").isEqualTo(end);
        }
        assertThat(METRICS.awaitAtLeast(JOB, "kafka_consumer:main", "received", 1, TIMEOUT)).isGreaterThanOrEqualTo(1);
        assertThat(METRICS.awaitAtLeast(JOB, "republish:main", "success", 1, TIMEOUT)).isGreaterThanOrEqualTo(1);
        assertThat(METRICS.value(JOB, "republish:main", "matched")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void latestSkipsTheBacklogAndEarliestReadsIt() throws Exception {
        // The legacy source (earliest) republishes the record written before the job started.
        Received old = subscriber.await(m -> m.topic().equals("legacy/one/k1"), TIMEOUT);
        assertThat(old.payload()).isEqualTo("n=1 !");
        assertThat(old.qos()).isEqualTo(1);
        // "latest" resolves its start lazily: write until one arrives, then nothing from before may have come.
        int i = 0;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (subscriber.all().stream().noneMatch(m -> m.topic().equals("out/late")) && System.nanoTime() < deadline) {
            send("src-late", null, "new-" + i++, Map.of());
            Thread.sleep(200);
        }
        subscriber.await(m -> m.topic().equals("out/late"), TIMEOUT);
        assertThat(subscriber.all()).filteredOn(m -> m.topic().equals("out/late")).extracting(Received::payload)
                .doesNotContain("old").allMatch(p -> p.startsWith("new-"));
        // The same rule also feeds a Kafka action: republish and Kafka sinks mix in one rule.
        try (KafkaReader copy = new KafkaReader(kafka.bootstrapServers(), "late-copy")) {
            copy.pollUntil(() -> !copy.seen().isEmpty(), TIMEOUT);
            assertThat(new String(copy.seen().get(0).value(), StandardCharsets.UTF_8)).startsWith("new-");
        }
    }

    @Test
    void base64AndBinaryValuesAndNullKeys() throws Exception {
        byte[] binary = {(byte) 0xff, 0x00, 0x41, (byte) 0xc3};
        send("src-b64", "k\u00e9y".getBytes(StandardCharsets.UTF_8), binary, Map.of());
        send("src-b64", (byte[]) null, "plain".getBytes(StandardCharsets.UTF_8), Map.of());
        JsonNode first = Json.read(subscriber.await(m -> m.topic().equals("out/b64")
                && m.payload().contains(Base64.getEncoder().encodeToString(binary)), TIMEOUT).payload());
        assertThat(Base64.getDecoder().decode(first.get("value").asText())).isEqualTo(binary);
        assertThat(new String(Base64.getDecoder().decode(first.get("key").asText()), StandardCharsets.UTF_8))
                .isEqualTo("k\u00e9y");
        JsonNode second = Json.read(subscriber.await(m -> m.topic().equals("out/b64")
                && m.payload().contains("cGxhaW4="), TIMEOUT).payload());
        assertThat(second.has("key")).as("a null key is undefined, not an error").isFalse();

        // value_encoding_mode = none with bytes that are not UTF-8: delivered with U+FFFD, counted, job goes on.
        send("src-bin", (byte[]) null, binary, Map.of());
        send("src-bin", (byte[]) null, "after".getBytes(StandardCharsets.UTF_8), Map.of());
        Received bin = subscriber.await(m -> m.topic().equals("out/bin") && m.payload().contains("\ufffd"), TIMEOUT);
        assertThat(bin.payload()).contains("A");
        subscriber.await(m -> m.topic().equals("out/bin") && m.payload().equals("after"), TIMEOUT);
        assertThat(METRICS.value(JOB, "kafka_consumer:bin", "invalid_utf8")).isEqualTo(1);
    }

    @Test
    void topicPatternReadsEveryMatchingTopicAndAnUnpublishableTopicIsCountedNotFatal() throws Exception {
        send("pat-1", null, "one", Map.of());
        send("pat-2", null, "two", Map.of());
        assertThat(subscriber.await(m -> m.topic().equals("out/pat/pat-1"), TIMEOUT).payload()).isEqualTo("one");
        assertThat(subscriber.await(m -> m.topic().equals("out/pat/pat-2"), TIMEOUT).payload()).isEqualTo("two");
        // The second republish renders a topic with a wildcard: failed, not published, the job keeps running.
        assertThat(METRICS.awaitAtLeast(JOB, "republish:pat", "failed", 2, TIMEOUT)).isGreaterThanOrEqualTo(2);
        send("legacy-2", "x", "{\"z\":1}", Map.of());
        Received legacy = subscriber.await(m -> m.topic().equals("legacy/two"), TIMEOUT);
        // payload_template defaults to ${.}: the record as EMQX's legacy bridge shaped it; qos defaults to 0.
        JsonNode full = Json.read(legacy.payload());
        assertThat(full.get("topic").asText()).isEqualTo("legacy-2");
        assertThat(full.get("key").asText()).isEqualTo("x");
        assertThat(full.has("offset")).isTrue();
        assertThat(legacy.qos()).isZero();
        Map<String, Long> received = new HashMap<>();
        for (String source : List.of("pat", "legacy")) {
            received.put(source, METRICS.value(JOB, "kafka_consumer:" + source, "received"));
        }
        assertThat(received.get("pat")).isEqualTo(2);
        assertThat(received.get("legacy")).isGreaterThanOrEqualTo(2);
    }
}
