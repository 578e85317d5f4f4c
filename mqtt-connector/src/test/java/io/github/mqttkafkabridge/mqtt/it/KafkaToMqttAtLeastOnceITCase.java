package io.github.mqttkafkabridge.mqtt.it;

import io.github.mqttkafkabridge.mqtt.common.MqttBrokerOptions;
import io.github.mqttkafkabridge.mqtt.sink.MqttOutboundMessage;
import io.github.mqttkafkabridge.mqtt.sink.MqttSink;
import io.github.mqttkafkabridge.mqtt.testutil.BrokerKind;
import io.github.mqttkafkabridge.mqtt.testutil.ConnectorTestEnvironment;
import io.github.mqttkafkabridge.mqtt.testutil.FailureInjector;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient;
import io.github.mqttkafkabridge.mqtt.testutil.OnEveryMqttBroker;
import io.github.mqttkafkabridge.mqtt.testutil.TestJobs;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Kafka -> Flink -> MQTT sink at QoS 1 with the job failing twice on the way: every record reaches an MQTT
 * subscriber (at-least-once: the sink's checkpoint waits for every PUBACK).
 */
@OnEveryMqttBroker
class KafkaToMqttAtLeastOnceITCase {
    private static final int RECORDS = 10_000;

    @Parameter
    BrokerKind broker;

    /** One Kafka for both runs: each run has its own topic and group. */
    @RegisterExtension
    static final ConnectorTestEnvironment ENV = ConnectorTestEnvironment.builder()
            .miniCluster(2).mqttOnEveryBroker().kafka().build();

    @Test
    void everyRecordArrivesDespiteFailures() throws Exception {
        MqttTestBroker mqtt = ENV.mqtt();
        KafkaTestBroker kafka = ENV.kafka();
        String topic = "to-mqtt-" + mqtt.name();
        try (MqttTestClient subscriber = new MqttTestClient(mqtt.serverUri(), "sink-subscriber")) {
            kafka.createTopics(2, topic);
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()))) {
                for (int i = 0; i < RECORDS; i++) {
                    producer.send(new ProducerRecord<>(topic, "rec-" + i));
                }
            }
            subscriber.subscribe("devices/#", 1);
            String planName = "sink-" + mqtt.name();
            FailureInjector.Plan plan = FailureInjector.plan(planName, -1, () -> { }, 2_500, 6_000);

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            TestJobs.restartAfterFailures(env, 10);
            env.enableCheckpointing(300, CheckpointingMode.EXACTLY_ONCE);
            env.setParallelism(1);
            env.fromSource(KafkaSource.<String>builder()
                                    .setBootstrapServers(kafka.bootstrapServers())
                                    .setTopics(topic)
                                    .setGroupId("sink-it-" + mqtt.name())
                                    .setStartingOffsets(OffsetsInitializer.earliest())
                                    .setValueOnlyDeserializer(new SimpleStringSchema())
                                    .build(),
                            WatermarkStrategy.noWatermarks(), "kafka")
                    .map(new FailureInjector<>(planName))
                    .sinkTo(MqttSink.<String>builder()
                            .setBroker(MqttBrokerOptions.builder().setServerUri(mqtt.serverUri())
                                    .setClientIdPrefix("sink-it").build())
                            .setSerializer(value -> new MqttOutboundMessage("devices/" + value.hashCode() % 10,
                                    value.getBytes(StandardCharsets.UTF_8), 1, false, List.of()))
                            .build());
            JobClient job = env.executeAsync("kafka-to-mqtt");
            try {
                Set<String> received = new HashSet<>();
                try {
                    subscriber.await(m -> received.add(m.payload()) && received.size() >= RECORDS
                            || received.size() >= RECORDS, Duration.ofMinutes(2));
                } catch (AssertionError timeout) {
                    throw new AssertionError("received " + received.size() + " of " + RECORDS + " records", timeout);
                }
                assertThat(received).hasSize(RECORDS);
                assertThat(plan.failures()).isEqualTo(2);
            } finally {
                job.cancel().get();
            }
        }
    }
}
