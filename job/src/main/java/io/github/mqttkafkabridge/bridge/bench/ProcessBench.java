package io.github.mqttkafkabridge.bridge.bench;

import io.github.mqttkafkabridge.bridge.config.BridgeConfig;
import io.github.mqttkafkabridge.bridge.config.BridgeConfigLoader;
import io.github.mqttkafkabridge.bridge.config.KafkaConnection;
import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.mqtt.common.MqttBrokerOptions;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.DoubleFunction;

/**
 * The bench as a user would run it: every broker and every pipe its own process — Mosquitto, a Kafka broker JVM,
 * the bridge as {@code bridge-cli run --conf}, the raw Java pipe, and the C pipe {@code mosquitto_sub | kcat} —
 * loaded by {@code mosquitto_pub} clients. Each pipe is warmed up, then measured, and charged the CPU time of its
 * own processes only.
 */
public final class ProcessBench {
    private static final Duration WARMUP_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration IDLE = Duration.ofSeconds(10);

    private final BenchSettings settings;
    private final String cliMain;
    private final PrintStream progress;

    /** @param cliMain the command line's main class, whose {@code run} command is the bridge process */
    public ProcessBench(BenchSettings settings, String cliMain, PrintStream progress) {
        this.settings = settings;
        this.cliMain = cliMain;
        this.progress = progress;
    }

    /** Runs every pipe in turn; the results in the order C pipe, raw pipe, bridge runs. */
    public List<RunResult> run() throws Exception {
        Path dir = Files.createTempDirectory("bridge-bench-");
        progress.println("process logs: " + dir);
        Optional<String> mosquittoPub = ChildProcess.executable("mosquitto_pub");
        Optional<String> mosquittoSub = ChildProcess.executable("mosquitto_sub");
        Optional<String> kcat = ChildProcess.executable("kcat", "kafkacat");
        BrokerProcesses brokers = null;
        try {
            MqttBrokerOptions mqtt;
            String bootstrap;
            Properties kafkaProps;
            KafkaConnection connector;
            boolean plain;
            if (settings.conf() == null) {
                String mosquitto = ChildProcess.executable("mosquitto").orElseThrow(() -> new IllegalStateException(
                        "--processes needs Mosquitto (Debian: apt-get install mosquitto) or --conf with your brokers"));
                progress.println("starting Mosquitto and Kafka as processes");
                brokers = BrokerProcesses.start(dir, mosquitto);
                mqtt = MqttBrokerOptions.builder().setServerUri(brokers.mqttUri()).setClientIdPrefix("bench").build();
                bootstrap = brokers.kafkaBootstrap;
                kafkaProps = new Properties();
                connector = null;
                plain = true;
            } else {
                BridgeConfig user = BridgeConfigLoader.load(settings.conf());
                mqtt = user.mqtt();
                connector = user.kafkaConnectors().values().stream()
                        .filter(c -> !c.type().equals("kafka_consumer")).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException(settings.conf()
                                + " has no connectors.kafka_producer entry for the bench to write to"));
                bootstrap = connector.bootstrapHosts();
                kafkaProps = connector.toClientProperties();
                plain = mqtt.serverUri().startsWith("tcp://") && mqtt.tls() == null
                        && kafkaProps.getProperty("security.protocol", "PLAINTEXT").equals("PLAINTEXT");
            }
            kafkaProps.setProperty("bootstrap.servers", bootstrap);
            String id = "bench-" + System.currentTimeMillis();
            URI mqttUri = URI.create(mqtt.serverUri());
            List<RunResult> results = new ArrayList<>();
            if (!settings.cPipe()) {
                progress.println("no C pipe (--no-c-pipe)");
            } else if (plain && mosquittoSub.isPresent() && kcat.isPresent()) {
                String pipe = "c-pipe";
                Bench.createTopics(kafkaProps, id + "-" + pipe);
                try (PipeProcesses p = PipeProcesses.cPipe(mosquittoSub.get(), kcat.get(), mqttUri.getHost(),
                        mqttUri.getPort(), id + "-" + pipe, prefix(id, pipe) + "/#", settings.qos(), bootstrap,
                        id + "-" + pipe, dir)) {
                    results.add(measure(p, mqtt, kafkaProps, id, rate -> load(plain, mosquittoPub, mqtt, prefix(id, pipe), rate, dir)));
                }
            } else {
                progress.println("no C pipe: it needs mosquitto_sub and kcat (Debian: mosquitto-clients, kcat) and "
                        + "brokers without TLS or authentication");
            }
            if (settings.raw()) {
                String pipe = "raw";
                Bench.createTopics(kafkaProps, id + "-" + pipe);
                try (PipeProcesses p = PipeProcesses.rawPipe(mqtt.serverUri(), id + "-" + pipe,
                        prefix(id, pipe) + "/#", settings.qos(), bootstrap, id + "-" + pipe, dir)) {
                    results.add(measure(p, mqtt, kafkaProps, id, rate -> load(plain, mosquittoPub, mqtt, prefix(id, pipe), rate, dir)));
                }
            }
            for (String guarantee : settings.guarantees()) {
                String pipe = "bridge-" + guarantee;
                Bench.createTopics(kafkaProps, id + "-" + pipe);
                String rule = Bench.benchConfig(settings, guarantee, id + "-" + guarantee,
                        connector == null ? "kafka_producer" : connector.type(),
                        connector == null ? "bench" : connector.name(), id + "-" + pipe);
                String config = connector == null ? Bench.brokersConfig(mqtt.serverUri(), bootstrap) + rule
                        : userBrokers(rule);
                try (PipeProcesses p = PipeProcesses.bridge(pipe, cliMain, config, Bench.freePort(),
                        settings.bridgeJvmOptions().stream().map(o -> o.replace("{pipe}", pipe)).toList(), dir)) {
                    results.add(measure(p, mqtt, kafkaProps, id,
                            rate -> load(plain, mosquittoPub, mqtt, "bench/" + id + "-" + pipe, rate, dir)));
                }
            }
            return results;
        } finally {
            if (brokers != null) {
                brokers.close();
            }
        }
    }

    /**
     * The bridge's configuration on the user's brokers: their file included (MQTT block and connectors, with
     * their security), their rules, actions and sources replaced by the bench's.
     */
    private String userBrokers(String benchRule) {
        return "include file(" + Json.quote(settings.conf().toAbsolutePath().toString()) + ")\n"
                + "rule_engine.rules = null\nactions = null\nsources = null\n" + benchRule;
    }

    /** The CPU a warm pipe uses with no traffic (timers, heartbeats, checkpoints), as a share of one core. */
    private double idleCpu(PipeProcesses pipe, String name) throws InterruptedException {
        progress.printf("[%s] idle for %s%n", name, IDLE);
        long cpu = pipe.cpuNanos();
        long start = System.nanoTime();
        Thread.sleep(IDLE.toMillis()); // measuring what the pipe does while nothing happens, for a set time
        return 100.0 * (pipe.cpuNanos() - cpu) / (System.nanoTime() - start);
    }

    private static String prefix(String id, String pipe) {
        return "bench/" + id + "-" + pipe;
    }

    private BenchLoad load(boolean plain, Optional<String> mosquittoPub, MqttBrokerOptions mqtt, String topicPrefix,
                           double rate, Path dir) {
        if (plain && mosquittoPub.isPresent()) {
            URI uri = URI.create(mqtt.serverUri());
            return new MosquittoPubLoad(mosquittoPub.get(), uri.getHost(), uri.getPort(), topicPrefix,
                    settings.publishers(), settings.qos(), settings.payloadBytes(), rate, dir);
        }
        return new BenchPublishers(mqtt, topicPrefix, settings.publishers(), settings.qos(), settings.payloadBytes(),
                rate);
    }

    private RunResult measure(PipeProcesses pipe, MqttBrokerOptions mqtt, Properties kafkaProps, String id,
                              DoubleFunction<BenchLoad> loads) throws Exception {
        String name = pipe.name();
        String topicPrefix = name.startsWith("bridge") ? "bench/" + id + "-" + name : prefix(id, name);
        long n = settings.messages();
        long warmup = settings.warmupMessages();
        Measurement.WarmUp warmUp = reader -> {
            Bench.probe(reader, mqtt, topicPrefix, name, n + warmup, progress, pipe::requireAlive);
            if (warmup > 0) {
                // As fast as the pipe takes them, also before a paced run: most of the JIT's compiling happens
                // here, before the clock starts (what it still compiles later is shown by thread in the report).
                progress.printf("[%s] warming up with %,d messages%n", name, warmup);
                try (BenchLoad load = loads.apply(0)) {
                    load.publish(n, warmup, topicPrefix.replace('/', '-') + "-warmup");
                    if (!reader.awaitWarmup(warmup, WARMUP_TIMEOUT)) {
                        throw new IllegalStateException(name + ": the warm-up messages did not all become readable "
                                + "within " + WARMUP_TIMEOUT);
                    }
                }
            }
            pipe.requireAlive();
        };
        RunResult measured = new Measurement(settings, progress).run(name, kafkaProps, id + "-" + name,
                loads.apply(settings.rate()), topicPrefix.replace('/', '-') + "-pub", warmUp, pipe::cpuNanos, () -> 0,
                pipe.holdsLastMessages() ? pipe::drain : null, pipe.threadBreakdown());
        pipe.requireAlive();
        RunResult result = pipe.holdsLastMessages() ? measured : measured.withIdleCpu(idleCpu(pipe, name));
        progress.println(result.line());
        if (!result.cpuMicrosPerMessageByThread().isEmpty()) {
            progress.println("  " + name + " CPU µs per message by thread: " + result.threadLine());
        }
        return result;
    }

}
