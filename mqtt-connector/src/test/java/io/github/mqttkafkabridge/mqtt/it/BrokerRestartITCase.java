package io.github.mqttkafkabridge.mqtt.it;

import io.github.mqttkafkabridge.mqtt.common.MqttBrokerOptions;
import io.github.mqttkafkabridge.mqtt.source.MqttSource;
import io.github.mqttkafkabridge.mqtt.testutil.BrokerKind;
import io.github.mqttkafkabridge.mqtt.testutil.ConnectorTestEnvironment;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaReader;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.LogCapture;
import io.github.mqttkafkabridge.mqtt.testutil.MetricsProbe;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient;
import io.github.mqttkafkabridge.mqtt.testutil.OnEveryMqttBroker;
import io.github.mqttkafkabridge.mqtt.testutil.PayloadAsString;
import io.github.mqttkafkabridge.mqtt.testutil.TestJobs;

import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;

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
 * The MQTT broker restarts in the middle of the stream. Keeping its sessions on disk, the source reconnects with
 * back-off, re-subscribes, receives what was queued and redelivered, and nothing is missing in Kafka. Without
 * persistence the session is gone: the bridge says so (WARN, metric {@code sessionsLost}) and carries on. A broker
 * that stays away fails the task with a clear error. On HiveMQ CE and Mosquitto.
 */
@OnEveryMqttBroker
class BrokerRestartITCase {
    private static final int MESSAGES = 4_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    /** Each test starts its own broker of the current kind: with or without persistence. */
    @RegisterExtension
    static final ConnectorTestEnvironment ENV = ConnectorTestEnvironment.builder()
            .miniCluster(2).metrics().kafka().build();
    private static final MetricsProbe METRICS = ENV.metrics();

    @Parameter
    BrokerKind broker;

    @Test
    void nothingIsMissingAfterTheBrokerRestarts() throws Exception {
        try (MqttTestBroker mqtt = broker.start(true)) {
            String name = "restart-" + mqtt.name();
            JobClient job = startJob(mqtt, name, Duration.ofMinutes(1));
            try {
                mqtt.awaitSubscription(name + "-0", name + "/#", TIMEOUT);
                publish(mqtt, name, 0, MESSAGES / 2);
                mqtt.restart();
                publish(mqtt, name, MESSAGES / 2, MESSAGES);

                try (KafkaReader reader = new KafkaReader(ENV.kafka().bootstrapServers(), name)) {
                    boolean complete = reader.pollUntil(() -> distinct(reader).size() >= MESSAGES, TIMEOUT);
                    Set<String> seen = distinct(reader);
                    assertThat(complete).as("missing: %d", MESSAGES - seen.size()).isTrue();
                }
                assertThat(METRICS.value(name, null, "numRestarts")).as("job restarts").isZero();
                assertThat(METRICS.value(name, null, "reconnects")).isPositive();
                assertThat(METRICS.value(name, null, "sessionsLost")).as("the broker kept the session").isZero();
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            } finally {
                job.cancel().get();
            }
        }
    }

    @Test
    void aSessionTheBrokerLostIsReported() throws Exception {
        try (MqttTestBroker mqtt = broker.start(false);
             LogCapture log = LogCapture.start(Level.WARN)) {
            String name = "lost-" + mqtt.name();
            JobClient job = startJob(mqtt, name, Duration.ofMinutes(1));
            try (KafkaReader reader = new KafkaReader(ENV.kafka().bootstrapServers(), name)) {
                mqtt.awaitSubscription(name + "-0", name + "/#", TIMEOUT);
                publish(mqtt, name, 0, 100);
                assertThat(reader.pollUntil(() -> distinct(reader).size() >= 100, TIMEOUT)).isTrue();

                mqtt.restart();
                METRICS.awaitAtLeast(name, null, "sessionsLost", 1, TIMEOUT);
                // The bridge subscribed again on the new session: later messages still arrive.
                mqtt.awaitSubscription(name + "-0", name + "/#", TIMEOUT);
                publish(mqtt, name, 100, 200);
                assertThat(reader.pollUntil(() -> distinct(reader).size() >= 200, TIMEOUT)).isTrue();

                assertThat(METRICS.value(name, null, "sessionsLost")).isEqualTo(1);
                assertThat(METRICS.value(name, null, "numRestarts")).as("job restarts").isZero();
                assertThat(log.text()).contains("MQTT source session " + name + "-0: broker " + mqtt.serverUri()
                                + " no longer has this session")
                        .contains("session expired").contains("without persistence");
                assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            } finally {
                job.cancel().get();
            }
        }
    }

    @Test
    void aBrokerThatStaysAwayFailsTheTaskWithAClearError() throws Exception {
        try (MqttTestBroker mqtt = broker.start(false)) {
            String name = "gone-" + mqtt.name();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            TestJobs.failOnFirstError(env);
            env.setParallelism(1);
            env.fromSource(MqttSource.<String>builder()
                            .setBroker(MqttBrokerOptions.builder().setServerUri(mqtt.serverUri())
                                    .setClientIdPrefix(name).setReconnectTimeout(Duration.ofSeconds(3)).build())
                            .setTopicFilters(List.of(name + "/#"))
                            .setDeserializer(new PayloadAsString())
                            .build(), WatermarkStrategy.noWatermarks(), "mqtt")
                    .print();
            JobClient job = env.executeAsync(name);
            mqtt.awaitSubscription(name + "-0", name + "/#", TIMEOUT);
            mqtt.stop();

            assertThatThrownBy(() -> job.getJobExecutionResult().get(1, TimeUnit.MINUTES))
                    .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                            .contains("MQTT source session " + name + "-0 lost its connection to " + mqtt.serverUri())
                            .contains("could not reconnect within mqtt.reconnect_timeout (PT3S)"));
        }
    }

    private static JobClient startJob(MqttTestBroker mqtt, String name, Duration reconnectTimeout) throws Exception {
        KafkaTestBroker kafka = ENV.kafka();
        kafka.createTopics(1, name);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(300, CheckpointingMode.EXACTLY_ONCE);
        env.setParallelism(1);
        Properties producer = new Properties();
        producer.setProperty("transaction.timeout.ms", "600000");
        env.fromSource(MqttSource.<String>builder()
                                .setBroker(MqttBrokerOptions.builder().setServerUri(mqtt.serverUri())
                                        .setClientIdPrefix(name).setReconnectTimeout(reconnectTimeout).build())
                                .setTopicFilters(List.of(name + "/#"))
                                .setDeserializer(new PayloadAsString())
                                .build(),
                        WatermarkStrategy.noWatermarks(), "mqtt")
                .sinkTo(KafkaSink.<String>builder()
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setRecordSerializer(KafkaRecordSerializationSchema.builder().setTopic(name)
                                .setValueSerializationSchema(new SimpleStringSchema()).build())
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix("it-" + name)
                        .setKafkaProducerConfig(producer)
                        .build());
        return env.executeAsync(name);
    }

    private static void publish(MqttTestBroker mqtt, String name, int from, int to) throws Exception {
        try (MqttTestClient publisher = new MqttTestClient(mqtt.serverUri(), name + "-publisher")) {
            for (int i = from; i < to; i++) {
                publisher.publish(name + "/" + (i % 7), "msg-" + i, 1);
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
}
