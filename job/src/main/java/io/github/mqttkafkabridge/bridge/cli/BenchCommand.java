package io.github.mqttkafkabridge.bridge.cli;

import io.github.mqttkafkabridge.bridge.bench.Bench;
import io.github.mqttkafkabridge.bridge.bench.BenchSettings;
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

    @Option(names = "--rule", defaultValue = "SELECT * FROM \"bench/#\"",
            description = "Rule SQL; the load publishes to bench/<run>/<publisher> (default: ${DEFAULT-VALUE})")
    String rule;

    @Option(names = "--guarantee", defaultValue = "exactly_once",
            description = "exactly_once | at_least_once (default: ${DEFAULT-VALUE})")
    String guarantee;

    @Option(names = "--parallelism", defaultValue = "1", description = "Flink parallelism (default: ${DEFAULT-VALUE})")
    int parallelism;

    @Option(names = "--checkpoint-interval", defaultValue = "1s",
            description = "e.g. 200ms, 1s, 5s (default: ${DEFAULT-VALUE})")
    String checkpointInterval;

    @Option(names = "--receive-maximum", defaultValue = "10000",
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

    @Option(names = "--conf", description = "Use the MQTT broker and the first Kafka producer connector of this "
            + "bridge configuration instead of in-JVM brokers")
    Path conf;

    @Option(names = "--output", defaultValue = "bench-result.json", description = "JSON results (default: ${DEFAULT-VALUE})")
    Path output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (!guarantee.equals("exactly_once") && !guarantee.equals("at_least_once")) {
            throw new IllegalArgumentException("--guarantee: \"" + guarantee + "\" is not exactly_once or at_least_once");
        }
        if (qos < 0 || qos > 2) {
            throw new IllegalArgumentException("--qos: " + qos + " is not 0, 1 or 2");
        }
        BenchSettings settings = new BenchSettings(messages, payloadBytes, qos, publishers, rule, guarantee, parallelism,
                parseDuration(checkpointInterval), receiveMaximum, brokerInflight, rate, !noRaw, conf, output);
        List<RunResult> results = new Bench(settings, System.err).run();
        PrintWriter out = spec.commandLine().getOut();
        out.println(settings);
        for (RunResult r : results) {
            out.println(r.line());
        }
        if (results.size() == 2) {
            out.printf("bridge / raw pipe throughput: %.2f%n", results.get(0).messagesPerSecond()
                    / results.get(1).messagesPerSecond());
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
