package io.github.mqttkafkabridge.mqtt.it;

import io.github.mqttkafkabridge.mqtt.common.MqttBrokerOptions;
import io.github.mqttkafkabridge.mqtt.source.MqttSource;
import io.github.mqttkafkabridge.mqtt.testutil.BrokerKind;
import io.github.mqttkafkabridge.mqtt.testutil.ConnectorTestEnvironment;
import io.github.mqttkafkabridge.mqtt.testutil.FailureInjector;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaReader;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MetricsProbe;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient;
import io.github.mqttkafkabridge.mqtt.testutil.OnEveryMqttBroker;
import io.github.mqttkafkabridge.mqtt.testutil.PayloadAsString;
import io.github.mqttkafkabridge.mqtt.testutil.TestJobs;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The central promise: MQTT -> Flink -> Kafka (exactly-once) loses nothing and, at parallelism 1, duplicates
 * nothing, while the job is made to fail during normal flow and between a Kafka commit and the MQTT
 * acknowledgements. Counted with read_committed, as a downstream consumer sees it. Runs on HiveMQ CE and Mosquitto.
 */
@OnEveryMqttBroker
class MqttToKafkaExactlyOnceITCase {
    private static final int MESSAGES = 10_000;
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    /** One Kafka for the class, the MQTT broker of the current run in {@code ENV.mqtt()}. */
    @RegisterExtension
    static final ConnectorTestEnvironment ENV = ConnectorTestEnvironment.builder()
            .miniCluster(4).metrics().mqttOnEveryBroker().kafka().build();
    private static final MetricsProbe METRICS = ENV.metrics();

    @Parameter
    BrokerKind broker;

    @Test
    void parallelismOneLosesNothingAndDuplicatesNothing() throws Exception {
        String name = "p1-" + ENV.mqtt().name();
        FailureInjector.Plan plan = FailureInjector.plan(name, 4_000, cutConnections(name, 1), 1_500, 7_000);
        Map<String, Integer> counts = runWithFailures(name, 1);

        for (String m : List.of("received", "emitted", "acked", "redeliveries", "duplicatesDropped", "reconnects")) {
            System.out.println(name + " " + m + " = " + METRICS.value(name, null, m));
        }
        assertThat(plan.failures()).as("failures injected").isGreaterThanOrEqualTo(3);
        assertThat(plan.failedInNotification()).isTrue();
        assertThat(missing(counts)).as("missing").isZero();
        assertThat(duplicates(counts)).as("duplicates").isZero();
        assertThat(METRICS.value(name, null, "duplicatesDropped"))
                .as("redeliveries of messages already in Kafka were recognised and dropped").isPositive();
    }

    @Test
    void parallelismTwoLosesNothing() throws Exception {
        MqttTestBroker mqtt = ENV.mqtt();
        String name = "p2-" + mqtt.name();
        FailureInjector.Plan plan = FailureInjector.plan(name, 4_000, cutConnections(name, 2), 1_500, 7_000);
        Map<String, Integer> counts = runWithFailures(name, 2);

        assertThat(plan.failures()).as("failures injected").isGreaterThanOrEqualTo(3);
        assertThat(missing(counts)).as("missing").isZero();
        System.out.printf("%s, parallelism 2 with shared subscription: %d duplicates in %d records%n",
                mqtt, duplicates(counts), MESSAGES + duplicates(counts));
    }

    /** The PUBACKs of the completed checkpoint never reach the broker. */
    private static Runnable cutConnections(String name, int sessions) {
        MqttTestBroker mqtt = ENV.mqtt();
        return () -> {
            for (int s = 0; s < sessions; s++) {
                try {
                    mqtt.disconnectClient(name + "-" + s);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    private Map<String, Integer> runWithFailures(String name, int parallelism) throws Exception {
        MqttTestBroker mqtt = ENV.mqtt();
        KafkaTestBroker kafka = ENV.kafka();
        String topic = "exactly-once-" + name;
        kafka.createTopics(2, topic);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TestJobs.restartAfterFailures(env, 50);
        env.enableCheckpointing(300, CheckpointingMode.EXACTLY_ONCE);
        env.setParallelism(parallelism);

        MqttSource<String> source = MqttSource.<String>builder()
                .setBroker(MqttBrokerOptions.builder().setServerUri(mqtt.serverUri()).setClientIdPrefix(name).build())
                .setTopicFilters(List.of(name + "/#"))
                .setSharedGroup(name)
                .setReceiveMaximum(500)
                .setDeserializer(new PayloadAsString())
                .build();
        Properties producer = new Properties();
        producer.setProperty("transaction.timeout.ms", "600000");
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "mqtt")
                .map(new FailureInjector<>(name)).name("failure-injector")
                .sinkTo(KafkaSink.<String>builder()
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setRecordSerializer(KafkaRecordSerializationSchema.builder().setTopic(topic)
                                .setValueSerializationSchema(new SimpleStringSchema()).build())
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix("it-" + name)
                        .setKafkaProducerConfig(producer)
                        .build());
        JobClient job = env.executeAsync(name);
        try (MqttTestClient publisher = new MqttTestClient(mqtt.serverUri(), name + "-publisher");
             KafkaReader reader = new KafkaReader(kafka.bootstrapServers(), topic)) {
            for (int s = 0; s < parallelism; s++) {
                mqtt.awaitSubscription(name + "-" + s, name + "/#", TIMEOUT);
            }
            for (int i = 0; i < MESSAGES; i++) {
                publisher.publish(name + "/" + (i % 10), "msg-" + i, 1);
            }
            boolean complete = reader.pollUntil(() -> reader.valueCounts().size() >= MESSAGES, TIMEOUT);
            assertThat(complete).as("all %d messages readable in Kafka; have %d", MESSAGES, reader.valueCounts().size())
                    .isTrue();
            // Anything forwarded twice would be in a transaction committed by one of the next checkpoints.
            long checkpoints = METRICS.value(name, null, "numberOfCompletedCheckpoints");
            METRICS.awaitAtLeast(name, null, "numberOfCompletedCheckpoints", checkpoints + 2, TIMEOUT);
            int before = reader.seen().size();
            reader.pollUntil(() -> reader.seen().size() > before, Duration.ofSeconds(2));
            return reader.valueCounts();
        } finally {
            job.cancel().get();
        }
    }


    private static long missing(Map<String, Integer> counts) {
        long missing = 0;
        for (int i = 0; i < MESSAGES; i++) {
            if (!counts.containsKey("msg-" + i)) {
                missing++;
            }
        }
        return missing;
    }

    private static long duplicates(Map<String, Integer> counts) {
        return counts.values().stream().mapToLong(n -> n - 1L).sum();
    }
}
