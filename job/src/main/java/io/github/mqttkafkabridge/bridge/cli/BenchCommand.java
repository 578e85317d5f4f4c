package io.github.mqttkafkabridge.bridge.cli;

import io.github.mqttkafkabridge.bridge.bench.Bench;
import io.github.mqttkafkabridge.bridge.bench.BenchSettings;
import io.github.mqttkafkabridge.bridge.bench.ProcessBench;
import io.github.mqttkafkabridge.bridge.bench.RunResult;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code bench}: end-to-end throughput and latency of the bridge, side by side with a raw pipe. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Publish a load over MQTT, read it back from Kafka with read_committed, and report throughput, "
                + "latency, completeness, CPU and heap for the bridge and for a raw Paho-to-KafkaProducer pipe.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--messages", defaultValue = "100000", description = "Messages per run (default: ${DEFAULT-VALUE})")
    long messages;

    @Option(names = "--payload-bytes", defaultValue = "1024", description = "Payload size (default: ${DEFAULT-VALUE})")
    int payloadBytes;

    @Option(names = "--qos", defaultValue = "1", description = "QoS of the load (default: ${DEFAULT-VALUE})")
    int qos;

    @Option(names = "--publishers", defaultValue = "4", description = "Publishing clients (default: ${DEFAULT-VALUE})")
    int publishers;

    @Option(names = "--rule", description = "Rule SQL; the load publishes to bench/<run>/<publisher> (default: "
            + "SELECT * FROM \"bench/#\", with --processes SELECT payload FROM \"bench/#\")")
    String rule;

    @Option(names = "--value", description = "The Kafka action's value template (default: ${.}, with --processes "
            + "${payload})")
    String value;

    @Option(names = "--guarantee", split = ",", description = "exactly_once | at_least_once; with --processes a "
            + "comma-separated list, one bridge run each (default: exactly_once, with --processes both)")
    List<String> guarantees;

    @Option(names = "--processes", description = "Run Mosquitto, Kafka, the bridge (bridge-cli run), the raw pipe "
            + "and the C pipe mosquitto_sub | kcat each as its own process, load them with mosquitto_pub, and "
            + "charge each pipe the CPU of its own processes")
    boolean processes;

    @Option(names = "--warmup", defaultValue = "40000", description = "With --processes: messages through each "
            + "pipe before the measured ones (default: ${DEFAULT-VALUE})")
    long warmup;

    @Option(names = "--bridge-java-options", description = "With --processes: JVM options of the bridge process, "
            + "space-separated; {pipe} becomes the run's name (e.g. -XX:StartFlightRecording=filename={pipe}.jfr)")
    String bridgeJavaOptions;

    @Option(names = "--dedup-id", description = "The bridge's mqtt.dedup_id (default: fingerprint); with "
            + "user_property:<name> the publishers stamp each message's <name> with a unique id (not with --processes)")
    String dedupId;

    @Option(names = "--parallelism", defaultValue = "1", description = "Flink parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--checkpoint-interval", defaultValue = "1s",
            description = "e.g. 200ms, 1s, 5s (default: ${DEFAULT-VALUE})")
    String checkpointInterval;

    @Option(names = "--receive-maximum", defaultValue = "65535",
            description = "The bridge's MQTT in-flight window (default: ${DEFAULT-VALUE})")
    int receiveMaximum;

    @Option(names = "--broker-inflight", defaultValue = "10000",
            description = "In-JVM broker only: unacknowledged messages it sends a client, like EMQX's "
                    + "mqtt.max_inflight (HiveMQ CE's own default is 50; default: ${DEFAULT-VALUE})")
    int brokerInflight;

    @Option(names = "--rate", defaultValue = "0",
            description = "Messages per second in total; 0 = as fast as the brokers take them (default: ${DEFAULT-VALUE})")
    double rate;

    @Option(names = "--no-raw", description = "Skip the raw pipe")
    boolean noRaw;

    @Option(names = "--no-c-pipe", description = "With --processes: skip the C pipe")
    boolean noCPipe;

    @Option(names = "--conf", description = "Use the MQTT broker and the first Kafka producer connector of this "
            + "bridge configuration instead of in-JVM brokers")
    Path conf;

    @Option(names = "--output", defaultValue = "bench-result.json", description = "JSON results (default: ${DEFAULT-VALUE})")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (guarantees == null) {
            guarantees = processes ? List.of("exactly_once", "at_least_once") : List.of("exactly_once");
        }
        for (String guarantee : guarantees) {
            if (!guarantee.equals("exactly_once") && !guarantee.equals("at_least_once")) {
                throw new IllegalArgumentException("--guarantee: \"" + guarantee
                        + "\" is not exactly_once or at_least_once");
            }
        }
        if (dedupId != null && processes) {
            throw new IllegalArgumentException("--dedup-id: \"" + dedupId + "\" works with the in-JVM bench only, "
                    + "not with --processes");
        }
        if (dedupId != null && !dedupId.equals("fingerprint") && !dedupId.equals("correlation_data")
                && !dedupId.matches("user_property:.+")) {
            throw new IllegalArgumentException("--dedup-id: \"" + dedupId + "\" is not fingerprint, "
                    + "correlation_data or user_property:<name>");
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("--qos: " + qos + " is not 0, 1 or 2");
        }
        String ruleSql = rule != null ? rule : processes ? "SELECT payload FROM \"bench/#\"" : "SELECT * FROM \"bench/#\"";
        String valueTemplate = value != null ? value : processes ? "${payload}" : "${.}";
        BenchSettings settings = new BenchSettings(messages, payloadBytes, qos, publishers, ruleSql, valueTemplate,
                List.copyOf(guarantees), parallelism, parseDuration(checkpointInterval), receiveMaximum, brokerInflight,
                rate, !noRaw, !noCPipe, conf, output, processes, warmup,
                bridgeJavaOptions == null || bridgeJavaOptions.isBlank() ? List.of()
                        : List.of(bridgeJavaOptions.trim().split("\\s+")), dedupId);
        List<RunResult> results = processes ? new ProcessBench(settings, BridgeCli.class.getName(), System.err).run()
                : new Bench(settings, System.err).run();
        PrintWriter out = spec.commandLine().getOut();
        out.println(settings);
        for (RunResult r : results) {
            out.println(r.line());
            if (!r.cpuMicrosPerMessageByThread().isEmpty()) {
                out.println("        CPU µs per message by thread: " + r.threadLine());
            }
        }
        for (String reference : List.of("c-pipe", "raw")) {
            results.stream().filter(r -> r.name().equals(reference)).findFirst().ifPresent(ref -> {
                for (RunResult r : results) {
                    if (r.name().startsWith("bridge")) {
                        out.printf("%s / %s throughput: %.2f, CPU per message: %.1f×%n", r.name(),
                                reference.equals("raw") ? "raw pipe" : "C pipe",
                                r.messagesPerSecond() / ref.messagesPerSecond(),
                                r.cpuMicrosPerMessage() / ref.cpuMicrosPerMessage());
                    }
                }
            });
        }
        Bench.writeJson(output, settings, results);
        out.println("results: " + output.toAbsolutePath());
        boolean complete = results.stream().allMatch(RunResult::complete);
        if (!complete) {
            out.println("FAILED: a run lost or duplicated messages");
        }
        out.flush();
        return complete ? 0 : 1;
    }

    private static Duration parseDuration(String text) {
        try {
            return com.typesafe.config.ConfigFactory.parseString("d = " + text).getDuration("d");
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--checkpoint-interval: \"" + text + "\" is not a duration such as 1s");
        }
    }
}
