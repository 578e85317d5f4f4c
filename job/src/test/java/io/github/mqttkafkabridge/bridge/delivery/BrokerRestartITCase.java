package io.github.mqttkafkabridge.bridge.delivery;

import io.github.mqttkafkabridge.bridge.demo.EmbeddedKafkaBroker;
import io.github.mqttkafkabridge.bridge.demo.EmbeddedMqttBroker;
import io.github.mqttkafkabridge.bridge.testutil.KafkaReader;
import io.github.mqttkafkabridge.bridge.testutil.MetricsProbe;
import io.github.mqttkafkabridge.bridge.testutil.MqttTestClient;
import io.github.mqttkafkabridge.bridge.testutil.PayloadAsString;
import io.github.mqttkafkabridge.bridge.testutil.Ports;
import io.github.mqttkafkabridge.bridge.testutil.TestJobs;
import io.github.mqttkafkabridge.mqtt.common.MqttBrokerOptions;
import io.github.mqttkafkabridge.mqtt.source.MqttSource;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The MQTT broker restarts in the middle of the stream, keeping its sessions on disk: the source reconnects with
 * back-off, re-subscribes, receives what was queued and redelivered, and nothing is missing in Kafka.
 */
class BrokerRestartITCase {
    private static final int MESSAGES = 4_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final MetricsProbe METRICS = new MetricsProbe();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(METRICS.addTo(new Configuration()))
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @Test
    void nothingIsMissingAfterTheBrokerRestarts() throws Exception {
        try (EmbeddedMqttBroker mqtt = EmbeddedMqttBroker.startPersistent(Ports.free());
             EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            kafka.createTopics(1, "restart");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.enableCheckpointing(300, CheckpointingMode.EXACTLY_ONCE);
            env.setParallelism(1);
            Properties producer = new Properties();
            producer.setProperty("transaction.timeout.ms", "600000");
            env.fromSource(MqttSource.<String>builder()
                                    .setBroker(MqttBrokerOptions.builder().setServerUri(mqtt.serverUri())
                                            .setClientIdPrefix("restart").setReconnectTimeout(Duration.ofMinutes(1))
                                            .build())
                                    .setTopicFilters(List.of("restart/#"))
                                    .setDeserializer(new PayloadAsString())
                                    .build(),
                            WatermarkStrategy.noWatermarks(), "mqtt")
                    .sinkTo(KafkaSink.<String>builder()
                            .setBootstrapServers(kafka.bootstrapServers())
                            .setRecordSerializer(KafkaRecordSerializationSchema.builder().setTopic("restart")
                                    .setValueSerializationSchema(new SimpleStringSchema()).build())
                            .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                            .setTransactionalIdPrefix("it-restart")
                            .setKafkaProducerConfig(producer)
                            .build());
            JobClient job = env.executeAsync("restart");
            try {
                mqtt.awaitSubscription("restart-0", "restart/#", TIMEOUT);
                publish(mqtt, 0, MESSAGES / 2);
                mqtt.restart();
                publish(mqtt, MESSAGES / 2, MESSAGES);

                try (KafkaReader reader = new KafkaReader(kafka.bootstrapServers(), "restart")) {
                    boolean complete = reader.pollUntil(() -> distinct(reader).size() >= MESSAGES, TIMEOUT);
                    Set<String> seen = distinct(reader);
                    assertThat(complete).as("missing: %d", MESSAGES - seen.size()).isTrue();
                }
                assertThat(METRICS.value("restart", null, "reconnects")).isPositive();
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            } finally {
                job.cancel().get();
            }
        }
    }

    private static void publish(EmbeddedMqttBroker mqtt, int from, int to) throws Exception {
        try (MqttTestClient publisher = new MqttTestClient(mqtt.serverUri(), "restart-publisher")) {
            for (int i = from; i < to; i++) {
                publisher.publish("restart/" + (i % 7), "msg-" + i, 1);
            }
        }
    }

    private static Set<String> distinct(KafkaReader reader) {
        Set<String> seen = new HashSet<>();
        for (ConsumerRecord<byte[], byte[]> r : reader.seen()) {
            seen.add(new String(r.value(), StandardCharsets.UTF_8));
        }
        return seen;
    }

    @Test
    void aBrokerThatStaysAwayFailsTheTaskWithAClearError() throws Exception {
        EmbeddedMqttBroker mqtt = EmbeddedMqttBroker.start(Ports.free());
        try {
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            TestJobs.failOnFirstError(env);
            env.setParallelism(1);
            env.fromSource(MqttSource.<String>builder()
                            .setBroker(MqttBrokerOptions.builder().setServerUri(mqtt.serverUri())
                                    .setClientIdPrefix("gone").setReconnectTimeout(Duration.ofSeconds(3)).build())
                            .setTopicFilters(List.of("gone/#"))
                            .setDeserializer(new PayloadAsString())
                            .build(), WatermarkStrategy.noWatermarks(), "mqtt")
                    .print();
            JobClient job = env.executeAsync("gone");
            mqtt.awaitSubscription("gone-0", "gone/#", TIMEOUT);
            mqtt.stop();

            assertThatThrownBy(() -> job.getJobExecutionResult().get(1, TimeUnit.MINUTES))
                    .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                            .contains("MQTT source session gone-0 lost its connection to " + mqtt.serverUri())
                            .contains("could not reconnect within mqtt.reconnect_timeout (PT3S)"));
        } finally {
            mqtt.close();
        }
    }
}
