package io.github.mqttkafkabridge.bridge.metrics;

import io.github.mqttkafkabridge.bridge.testutil.BridgeTestEnvironment;
import io.github.mqttkafkabridge.mqtt.testutil.BrokerKind;
import io.github.mqttkafkabridge.mqtt.testutil.ConnectorTestEnvironment;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaReader;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient;
import io.github.mqttkafkabridge.mqtt.testutil.Ports;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Flink's Prometheus reporter, with the options {@code docker-compose.yml} gives the TaskManager, serves the
 * bridge's EMQX-named metrics: a Prometheus scrape of the running bridge reads each rule's and action's counts.
 */
class PrometheusMetricsITCase {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int PORT = Ports.free();

    /** The TaskManager's reporter options of docker-compose.yml, on a free port here. */
    @RegisterExtension
    static final BridgeTestEnvironment ENV = withComposeReporter(BridgeTestEnvironment.builder().miniCluster(2))
            .flinkOption("metrics.reporter.prom.port", String.valueOf(PORT))
            .mqtt(BrokerKind.HIVEMQ).kafka().build();

    @SuppressWarnings("unchecked")
    private static ConnectorTestEnvironment.Builder<BridgeTestEnvironment> withComposeReporter(
            ConnectorTestEnvironment.Builder<BridgeTestEnvironment> builder) {
        Map<String, Object> compose;
        try (Reader r = Files.newBufferedReader(Path.of("../docker-compose.yml"))) {
            compose = new Yaml().load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Object> taskManager = ((Map<String, Map<String, Object>>) compose.get("services")).get("taskmanager");
        String properties = (String) ((Map<String, Object>) taskManager.get("environment")).get("FLINK_PROPERTIES");
        int options = 0;
        for (String line : properties.split("\n")) {
            if (line.startsWith("metrics.reporter.prom.")) {
                String[] kv = line.split(":\\s*", 2);
                builder.flinkOption(kv[0].trim(), kv[1].trim());
                options++;
            }
        }
        assertThat(options).as("Prometheus reporter options in docker-compose.yml").isGreaterThanOrEqualTo(2);
        return builder;
    }

    @Test
    void aScrapeReadsTheRuleAndActionMetricsUnderTheirEmqxNames() throws Exception {
        ENV.kafka().createTopics(1, "prom-out");
        ENV.startBridge("prometheus", ENV.baseConfig("prom-it")
                + "flink { checkpoint_interval = 300ms }\n"
                + "actions.kafka_producer.out { connector = k, parameters { topic = prom-out } }\n"
                + "rule_engine.rules.hot { sql = \"SELECT payload FROM \\\"prom/#\\\" WHERE payload.t > 20\", "
                + "actions = [\"kafka_producer:out\"] }\n");
        ENV.mqtt().awaitSubscription("prom-it-0", "prom/#", TIMEOUT);
        try (MqttTestClient device = new MqttTestClient(ENV.mqtt().serverUri(), "prom-device");
             KafkaReader out = new KafkaReader(ENV.kafka().bootstrapServers(), "prom-out")) {
            device.publish("prom/1", "{\"t\":25}", 1);
            device.publish("prom/1", "{\"t\":15}", 1);
            device.publish("prom/1", "{\"t\":30}", 1);
            device.publish("prom/1", "not json", 1);
            out.pollUntil(() -> out.seen().size() >= 2, TIMEOUT);
        }

        String rule = "rule:hot";
        String action = "action:kafka_producer:out";
        assertThat(awaitValue("flink_taskmanager_job_task_operator_matched", rule, 4)).isEqualTo(4);
        String scrape = scrape();
        assertThat(value(scrape, "flink_taskmanager_job_task_operator_passed", rule)).isEqualTo(2);
        assertThat(value(scrape, "flink_taskmanager_job_task_operator_failed_no_result", rule)).isEqualTo(1);
        assertThat(value(scrape, "flink_taskmanager_job_task_operator_failed_exception", rule)).isEqualTo(1);
        assertThat(value(scrape, "flink_taskmanager_job_task_operator_failed", rule)).isEqualTo(2);
        assertThat(awaitValue("flink_taskmanager_job_task_operator_success", action, 2)).isEqualTo(2);
        scrape = scrape();
        assertThat(value(scrape, "flink_taskmanager_job_task_operator_matched", action)).isEqualTo(2);
        assertThat(value(scrape, "flink_taskmanager_job_task_operator_dead_lettered", action)).isZero();
        assertThat(value(scrape, "flink_taskmanager_job_task_operator_inflight", action)).isZero();
        // Checkpoint age, for alerting on a bridge that stopped committing.
        assertThat(scrape).contains("flink_jobmanager_job_lastCheckpointCompletedTimestamp");
    }

    /** Scrapes until {@code metric} of {@code operator} reaches {@code expected}; its last value. */
    private static long awaitValue(String metric, String operator, long expected) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long value = -1;
        while (System.nanoTime() < deadline) {
            value = value(scrape(), metric, operator);
            if (value >= expected) {
                return value;
            }
            Thread.sleep(200);
        }
        return value;
    }

    /** The sum over subtasks of {@code metric} for the operator named {@code operator}; -1 when not reported. */
    private static long value(String scrape, String metric, String operator) {
        Pattern line = Pattern.compile("^" + Pattern.quote(metric) + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(scrape);
        long sum = -1;
        while (m.find()) {
            if (m.group(1).contains("operator_name=\"" + operator + "\"")) {
                sum = Math.max(sum, 0) + (long) Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    private static String scrape() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
