package io.github.mqttkafkabridge.bridge.cluster;

import io.github.mqttkafkabridge.bridge.testutil.FlinkSessionCluster;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaReader;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the cluster tests share: the jar, the seed configuration, waiting for a job, finding a metric. */
final class ClusterJobs {
    private ClusterJobs() {}

    /** {@code job/target/bridge.jar}, built by the package phase before the integration tests. */
    static Path bridgeJar() {
        Path jar = Path.of("target/bridge.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: the package phase builds it");
        }
        return jar;
    }

    /**
     * The shipped {@code conf/bridge.conf} and {@code sql/}, copied into {@code dir} as a user's checkout, with
     * {@code overrides} (HOCON paths) appended: they win over the file's values.
     */
    static Path seedConfig(Path dir, Map<String, String> overrides) throws IOException {
        Path conf = dir.resolve("conf/bridge.conf");
        Files.createDirectories(conf.getParent());
        Files.createDirectories(dir.resolve("sql"));
        try (Stream<Path> files = Files.list(Path.of("../sql"))) {
            for (Path sql : files.toList()) {
                Files.copy(sql, dir.resolve("sql").resolve(sql.getFileName()));
            }
        }
        String extra = overrides.entrySet().stream()
                .map(e -> e.getKey() + " = \"" + e.getValue() + "\"").collect(Collectors.joining("\n"));
        Files.writeString(conf, Files.readString(Path.of("../conf/bridge.conf")) + "\n" + extra + "\n");
        return conf;
    }

    /** Waits until the job and every one of its vertices is RUNNING. */
    static void awaitRunning(FlinkSessionCluster cluster, String jobId, Duration timeout) throws Exception {
        cluster.awaitRest("/jobs/" + jobId, ClusterJobs::allRunning, timeout, "job " + jobId + " RUNNING");
    }

    static boolean allRunning(JsonNode job) {
        if (!"RUNNING".equals(job.path("state").asText()) || job.path("vertices").isEmpty()) {
            return false;
        }
        for (JsonNode v : job.path("vertices")) {
            if (!"RUNNING".equals(v.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Waits until the REST API (and the web UI's metrics tab) lists {@code metric} of the operator named
     * {@code operator} in a vertex, and returns its id. Flink lists operator metrics as
     * {@code <operator name>.<metric>}, with the operator name's {@code :} written as {@code _}
     * ({@code rule_my_rule.matched}); the JobManager fetches them from the TaskManagers every few seconds.
     */
    static String awaitMetric(FlinkSessionCluster cluster, String jobId, String vertexId, String operator,
            String metric, Duration timeout) throws Exception {
        String id = operator.replace(':', '_') + "." + metric;
        cluster.awaitRest("/jobs/" + jobId + "/vertices/" + vertexId + "/subtasks/metrics",
                names -> names.findValuesAsText("id").contains(id), timeout, "metric " + id + " listed");
        return id;
    }

    /** What {@code bridge-cli.jar deploy} printed, and its exit code. */
    record Deploy(int exitCode, String output) {}

    /**
     * Runs {@code java -jar target/bridge-cli.jar deploy --cluster <cluster> --conf <conf> --jar target/bridge.jar}
     * as a user does, as its own process, and waits for it.
     */
    static Deploy deploy(FlinkSessionCluster cluster, Path conf, Path log, String... extraArgs) throws Exception {
        Path cli = Path.of("target/bridge-cli.jar").toAbsolutePath();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g", "-jar", cli.toString(),
                "deploy", "--cluster", cluster.restUrl(), "--conf", conf.toString(), "--jar", bridgeJar().toString()));
        command.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("deploy did not end within 5 minutes:\n" + Files.readString(log));
        }
        return new Deploy(p.exitValue(), Files.readString(log));
    }


    /**
     * Publishes {@code payload} to {@code topic} every 2 s until {@code expected} is in Kafka: a job that has just
     * been (re)deployed consumes once its sessions are subscribed. Fails after {@code timeout}.
     */
    static void publishUntilInKafka(MqttTestClient publisher, KafkaReader reader, String topic, String payload,
                                    String expected, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!reader.valueCounts().containsKey(expected) && System.nanoTime() < deadline) {
            publisher.publish(topic, payload, 1);
            reader.pollUntil(() -> reader.valueCounts().containsKey(expected), Duration.ofSeconds(2));
        }
        assertThat(reader.valueCounts()).as("the job consumes: %s in Kafka", expected).containsKey(expected);
    }
}
