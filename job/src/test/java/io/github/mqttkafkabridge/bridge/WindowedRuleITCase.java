package io.github.mqttkafkabridge.bridge;

import io.github.mqttkafkabridge.bridge.config.BridgeConfig;
import io.github.mqttkafkabridge.bridge.config.BridgeConfigLoader;
import io.github.mqttkafkabridge.bridge.testutil.BridgeTestEnvironment;
import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.mqtt.testutil.BrokerKind;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaReader;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.core.execution.JobClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The windowed-aggregation example rule ({@code sql/speed_per_car.sql}) on real brokers, into Kafka. */
class WindowedRuleITCase {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @RegisterExtension
    static final BridgeTestEnvironment ENV = BridgeTestEnvironment.builder()
            .miniCluster(4).mqtt(BrokerKind.HIVEMQ).kafka().build();

    @Test
    void speedStatisticsPerCarPerWindowReachKafka() throws Exception {
        MqttTestBroker mqtt = ENV.mqtt();
        KafkaTestBroker kafka = ENV.kafka();
        kafka.createTopics(1, "speed-stats");
        BridgeConfig config = BridgeConfigLoader.parse(ENV.baseConfig("window-it")
                + "flink { checkpoint_interval = 500ms }\n"
                + "actions.kafka_producer.stats { connector = k, parameters { topic = speed-stats, "
                + "message { key = \"${vin}\", value = \"${.}\" } } }\n"
                + "rule_engine.rules.speed_per_car { sql_file = \"../sql/speed_per_car.sql\", "
                + "actions = [\"kafka_producer:stats\"] }\n", Path.of("../conf"));
        JobClient job = ENV.startBridge("windowed-rule", config);
        try (MqttTestClient car = new MqttTestClient(mqtt.serverUri(), "window-car");
             KafkaReader reader = new KafkaReader(kafka.bootstrapServers(), "speed-stats")) {
            mqtt.awaitSubscription("window-it-0", "vehicles/+/telemetry", TIMEOUT);
            for (int speed : new int[] {100, 110, 120}) {
                car.publish("vehicles/VIN-A/telemetry", "{\"speed\":" + speed + "}", 1);
            }
            car.publish("vehicles/VIN-B/telemetry", "{\"speed\":50}", 1);

            // Processing-time windows may split the messages; the sums over windows are exact.
            Map<String, long[]> perCar = new HashMap<>();
            reader.pollUntil(() -> {
                perCar.clear();
                for (ConsumerRecord<byte[], byte[]> r : reader.seen()) {
                    JsonNode v = Json.read(new String(r.value(), StandardCharsets.UTF_8));
                    long[] sums = perCar.computeIfAbsent(v.get("vin").asText(), k -> new long[2]);
                    sums[0] += v.get("samples").asLong();
                    sums[1] += Math.round(v.get("avg_speed").asDouble() * v.get("samples").asLong());
                }
                return perCar.containsKey("VIN-A") && perCar.get("VIN-A")[0] == 3 && perCar.containsKey("VIN-B");
            }, TIMEOUT);
            assertThat(perCar.get("VIN-A")).containsExactly(3, 330);
            assertThat(perCar.get("VIN-B")).containsExactly(1, 50);
            for (ConsumerRecord<byte[], byte[]> r : reader.seen()) {
                JsonNode v = Json.read(new String(r.value(), StandardCharsets.UTF_8));
                assertThat(v.get("window_end").asLong() - v.get("window_start").asLong()).isEqualTo(10_000);
                assertThat(v.get("max_speed").asDouble()).isLessThanOrEqualTo(120);
                assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(v.get("vin").asText());
            }
        } finally {
            job.cancel().get();
        }
    }
}
