package io.github.mqttkafkabridge.mqtt.it;

import io.github.mqttkafkabridge.mqtt.common.MqttBrokerOptions;
import io.github.mqttkafkabridge.mqtt.source.MqttSource;
import io.github.mqttkafkabridge.mqtt.testutil.BrokerKind;
import io.github.mqttkafkabridge.mqtt.testutil.ConnectorTestEnvironment;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaReader;
import io.github.mqttkafkabridge.mqtt.testutil.LogCapture;
import io.github.mqttkafkabridge.mqtt.testutil.MetricsProbe;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient;
import io.github.mqttkafkabridge.mqtt.testutil.OnEveryMqttBroker;
import io.github.mqttkafkabridge.mqtt.testutil.PayloadAsString;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A job restored from a savepoint with fewer topic filters (a rule removed before a redeploy) resumes the same
 * persistent MQTT session, which the broker still holds with the old job's subscriptions. The source unsubscribes
 * the filters it no longer wants, says so in the log, and the broker stops sending (and queueing) their messages.
 * On HiveMQ CE and Mosquitto.
 */
@OnEveryMqttBroker
class SourceRestoreITCase {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @RegisterExtension
    static final ConnectorTestEnvironment ENV = ConnectorTestEnvironment.builder()
            .miniCluster(2).metrics().mqttOnEveryBroker().kafka().build();
    private static final MetricsProbe METRICS = ENV.metrics();

    @Parameter
    BrokerKind broker;

    @TempDir
    Path savepoints;

    @Test
    void aFilterDroppedBeforeARestoreIsUnsubscribed() throws Exception {
        MqttTestBroker mqtt = ENV.mqtt();
        String name = "restore-" + mqtt.name();
        String session = name + "-0";
        String kept = name + "/kept/#";
        String removed = name + "/removed/#";
        ENV.kafka().createTopics(1, name);

        try (MqttTestClient publisher = new MqttTestClient(mqtt.serverUri(), name + "-publisher");
             KafkaReader reader = new KafkaReader(ENV.kafka().bootstrapServers(), name);
             LogCapture log = LogCapture.start(Level.INFO)) {
            JobClient first = ENV.startJob(job(mqtt, name, List.of(kept, removed)), name + "-before");
            mqtt.awaitSubscription(session, kept, TIMEOUT);
            mqtt.awaitSubscription(session, removed, TIMEOUT);
            publisher.publish(name + "/kept/1", "kept-1", 1);
            publisher.publish(name + "/removed/1", "removed-1", 1);
            assertThat(reader.pollUntil(() -> payloads(reader).containsAll(List.of("kept-1", "removed-1")), TIMEOUT))
                    .as("the first job reads both filters").isTrue();
            String savepoint = first.stopWithSavepoint(false, savepoints.toUri().toString(),
                    SavepointFormatType.CANONICAL).get();

            StreamExecutionEnvironment after = job(mqtt, name, List.of(kept));
            StreamGraph restored = after.getStreamGraph();
            restored.setJobName(name + "-after");
            restored.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
            JobClient second = ENV.startJob(after, restored);
            try {
                // Queued for the session if it is not back yet: once it is in Kafka, the restored session is live.
                publisher.publish(name + "/kept/2", "kept-2", 1);
                assertThat(reader.pollUntil(() -> payloads(reader).contains("kept-2"), TIMEOUT)).isTrue();
                mqtt.awaitUnsubscription(session, removed, TIMEOUT);
                // Published before the kept one: were the removed filter still subscribed, it would come first.
                publisher.publish(name + "/removed/2", "removed-2", 1);
                publisher.publish(name + "/kept/3", "kept-3", 1);
                assertThat(reader.pollUntil(() -> payloads(reader).contains("kept-3"), TIMEOUT)).isTrue();

                long received = METRICS.value(name + "-after", null, "received");
                System.out.printf("%s: restored without %s; after it the source received %d message(s)%n",
                        mqtt, removed, received);
                assertThat(payloads(reader)).doesNotContain("removed-2");
                assertThat(received).as("messages the restored source received (the two kept ones)").isEqualTo(2);
                assertThat(log.text()).contains("MQTT source session " + session + " unsubscribed from [" + removed
                        + "]: not among this job's topic filters [" + kept + "]");
            } finally {
                second.cancel().get();
            }
        }
    }

    private static StreamExecutionEnvironment job(MqttTestBroker mqtt, String name, List<String> filters) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(300, CheckpointingMode.EXACTLY_ONCE);
        env.setParallelism(1);
        MqttSource<String> source = MqttSource.<String>builder()
                .setBroker(MqttBrokerOptions.builder().setServerUri(mqtt.serverUri()).setClientIdPrefix(name).build())
                .setTopicFilters(filters)
                .setDeserializer(new PayloadAsString())
                .build();
        env.fromSource(source, WatermarkStrategy.noWatermarks(), "mqtt").uid("mqtt")
                .sinkTo(KafkaSink.<String>builder()
                        .setBootstrapServers(ENV.kafka().bootstrapServers())
                        .setRecordSerializer(KafkaRecordSerializationSchema.builder().setTopic(name)
                                .setValueSerializationSchema(new SimpleStringSchema()).build())
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                        .build()).uid("kafka");
        return env;
    }

    private static Set<String> payloads(KafkaReader reader) {
        return reader.seen().stream().map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .collect(Collectors.toSet());
    }
}
