package io.github.mqttkafkabridge.bridge.bench;

import io.github.mqttkafkabridge.bridge.BridgePipeline;
import io.github.mqttkafkabridge.bridge.config.BridgeConfig;
import io.github.mqttkafkabridge.bridge.config.BridgeConfigLoader;
import io.github.mqttkafkabridge.bridge.config.KafkaConnection;
import io.github.mqttkafkabridge.bridge.config.KafkaProducerAction;
import io.github.mqttkafkabridge.bridge.demo.EmbeddedKafkaBroker;
import io.github.mqttkafkabridge.bridge.demo.EmbeddedMqttBroker;
import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.mqtt.common.MqttBrokerOptions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The {@code bench} command's measurement: the same load through the bridge (MQTT source, rule, Kafka sink with
 * the chosen guarantee) and through a raw pipe (Paho subscriber to KafkaProducer), each read back with
 * read_committed, on the same brokers.
 */
public final class Bench {
    private static final Duration WARMUP_TIMEOUT = Duration.ofSeconds(90);

    private final BenchSettings settings;
    private final PrintStream progress;

    public Bench(BenchSettings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /** Runs the bridge (and the raw pipe) and returns their results, the bridge's first. */
    public List<RunResult> run() throws Exception {
        EmbeddedMqttBroker mqttBroker = null;
        EmbeddedKafkaBroker kafkaBroker = null;
        try {
            MqttBrokerOptions mqtt;
            KafkaConnection kafka;
            if (settings.conf() == null) {
                EmbeddedMqttBroker.setInflightWindow(settings.brokerInflight());
                mqttBroker = EmbeddedMqttBroker.start(freePort());
                kafkaBroker = EmbeddedKafkaBroker.start();
                mqtt = MqttBrokerOptions.builder().setServerUri(mqttBroker.serverUri()).setClientIdPrefix("bench").build();
                kafka = null;
            } else {
                BridgeConfig user = BridgeConfigLoader.load(settings.conf());
                mqtt = user.mqtt();
                kafka = user.kafkaConnectors().values().stream().filter(c -> !c.type().equals("kafka_consumer"))
                        .findFirst().orElseThrow(() -> new IllegalArgumentException(settings.conf()
                                + " has no connectors.kafka_producer entry for the bench to write to"));
            }
            String bootstrap = kafka != null ? kafka.bootstrapHosts() : kafkaBroker.bootstrapServers();
            Properties kafkaProps = kafka != null ? kafka.toClientProperties() : new Properties();
            kafkaProps.setProperty("bootstrap.servers", bootstrap);
            String id = "bench-" + System.currentTimeMillis();
            createTopics(kafkaProps, id + "-bridge", id + "-raw");

            RunResult bridge = measureBridge(mqtt, kafka, kafkaProps, id);
            RunResult raw = settings.raw() ? measureRaw(mqtt, kafkaProps, id) : null;
            return raw == null ? List.of(bridge) : List.of(bridge, raw);
        } finally {
            if (kafkaBroker != null) {
                kafkaBroker.close();
            }
            if (mqttBroker != null) {
                mqttBroker.close();
            }
        }
    }

    private RunResult measureBridge(MqttBrokerOptions mqtt, KafkaConnection kafka, Properties kafkaProps, String id)
            throws Exception {
        BridgeConfig config = BridgeConfigLoader.parse(
                brokersConfig(mqtt.serverUri(), kafkaProps.getProperty("bootstrap.servers"))
                        + benchConfig(settings, settings.guarantee(), id, "kafka_producer", "bench", id + "-bridge"),
                Path.of("."));
        if (kafka != null) {
            config = withRealBrokers(config, mqtt, kafka, id);
        }
        Configuration flink = new Configuration();
        flink.set(TaskManagerOptions.NUM_TASK_SLOTS, settings.parallelism());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(settings.parallelism(), flink);
        BridgePipeline.build(env, config);
        JobClient job = env.executeAsync("bench");
        try {
            return measure("bridge", kafkaProps, id + "-bridge", mqtt, "bench/" + id);
        } finally {
            job.cancel().get();
        }
    }

    /** The brokers of a bench configuration: an MQTT server, and a Kafka producer connector named "bench". */
    static String brokersConfig(String mqttUri, String bootstrap) {
        return "mqtt.server = " + Json.quote(mqttUri) + "\n"
                + "connectors.kafka_producer.bench { bootstrap_hosts = " + Json.quote(bootstrap) + " }\n";
    }

    /**
     * The bench's rule ({@code --rule}) with one action ({@code --value}, the guarantee) writing to {@code topic}
     * through the connector {@code connectorType.connectorName}.
     */
    static String benchConfig(BenchSettings settings, String guarantee, String clientIdPrefix, String connectorType,
                              String connectorName, String topic) {
        String action = connectorType + ":bench";
        return "mqtt { clientid_prefix = " + Json.quote(clientIdPrefix) + ", receive_maximum = "
                + settings.receiveMaximum()
                + (settings.dedupId() == null ? "" : ", dedup_id = " + Json.quote(settings.dedupId())) + " }\n"
                + "flink { checkpoint_interval = " + settings.checkpointInterval().toMillis() + "ms, parallelism = "
                + settings.parallelism() + " }\n"
                + "actions." + connectorType + ".bench { connector = " + Json.quote(connectorName)
                + ", parameters { topic = " + Json.quote(topic) + ", message { value = " + Json.quote(settings.value())
                + " }, delivery_guarantee = " + guarantee + " } }\n"
                + "rule_engine.rules.bench { sql = " + Json.quote(settings.rule()) + ", actions = ["
                + Json.quote(action) + "] }\n";
    }

    /** The bench's rule and action, on the user's MQTT broker and Kafka connector (with their security). */
    private static BridgeConfig withRealBrokers(BridgeConfig bench, MqttBrokerOptions mqtt, KafkaConnection kafka,
                                                String id) {
        KafkaProducerAction a = bench.kafkaActions().get("bench");
        KafkaProducerAction real = new KafkaProducerAction(a.name(), kafka, a.topic(), a.key(), a.value(), a.timestamp(),
                a.headers(), a.partitionStrategy(), a.tuning(), a.deliveryGuarantee(), a.deadLetterTopic(), a.fallbackActions());
        MqttBrokerOptions options = mqtt.withClientIdPrefix(id);
        return new BridgeConfig(options, bench.mqttSource(), bench.job(), Map.of("kafka_producer.bench", kafka),
                Map.of("bench", real), bench.kafkaSources(), bench.rules());
    }

    private RunResult measureRaw(MqttBrokerOptions mqtt, Properties kafkaProps, String id) throws Exception {
        try (RawPipe pipe = new RawPipe(mqtt, id + "-raw-pipe", "rawbench/" + id + "/#", settings.qos(), kafkaProps,
                id + "-raw")) {
            return measure("raw", kafkaProps, id + "-raw", mqtt, "rawbench/" + id);
        }
    }

    private RunResult measure(String name, Properties kafkaProps, String topic, MqttBrokerOptions mqtt,
                              String topicPrefix) throws Exception {
        BenchPublishers load = new BenchPublishers(mqtt, topicPrefix, settings.publishers(), settings.qos(),
                settings.payloadBytes(), settings.rate());
        if (settings.dedupId() != null && settings.dedupId().startsWith("user_property:")) {
            load.stampingIds(settings.dedupId().substring("user_property:".length()));
        }
        ProcessStats stats = ProcessStats.start();
        return new Measurement(settings, progress).run(name, kafkaProps, topic, load,
                topicPrefix.replace('/', '-') + "-pub", reader -> probe(reader, mqtt, topicPrefix, name,
                        settings.messages(), progress, () -> { }), ProcessStats::cpuTime, stats::peakHeapMb, null, null);
    }

    /**
     * Publishes single messages (sequence numbers from {@code firstSeq}) until one is readable: the pipe is
     * subscribed, connected and has carried a message.
     */
    static void probe(BenchReader reader, MqttBrokerOptions mqtt, String topicPrefix, String name,
                      long firstSeq, PrintStream progress, Runnable aliveCheck) throws Exception {
        progress.printf("[%s] waiting for the pipe to carry a message%n", name);
        long deadline = System.nanoTime() + WARMUP_TIMEOUT.toNanos();
        long seq = firstSeq;
        while (System.nanoTime() < deadline) {
            aliveCheck.run();
            new BenchPublishers(mqtt, topicPrefix + "/warmup", 1, 1, 256, 0)
                    .publishOne(seq++, topicPrefix.replace('/', '-') + "-warmup");
            if (reader.awaitWarmup(Duration.ofSeconds(2))) {
                return;
            }
        }
        throw new IllegalStateException(name + ": no warm-up message became readable in Kafka within " + WARMUP_TIMEOUT);
    }

    /** Creates 4-partition topics with the cluster's default replication. */
    static void createTopics(Properties kafka, String... topics) throws Exception {
        try (Admin admin = Admin.create(kafka)) {
            admin.createTopics(java.util.Arrays.stream(topics).map(t -> new NewTopic(t, 4, (short) -1)).toList())
                    .all().get();
        }
    }

    /** A TCP port free right now, for a broker or a web UI the bench starts. */
    static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Writes the settings and results as JSON. */
    public static void writeJson(Path file, BenchSettings settings, List<RunResult> results) throws Exception {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.set("settings", Json.MAPPER.valueToTree(settings.toString()));
        root.put("machine", Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name")
                + ", Java " + System.getProperty("java.version"));
        for (RunResult r : results) {
            root.set(r.name(), Json.MAPPER.valueToTree(r));
        }
        RunResult reference = results.stream().filter(r -> r.name().equals("c-pipe")).findFirst()
                .orElse(results.stream().filter(r -> r.name().equals("raw")).findFirst().orElse(null));
        RunResult bridge = results.stream().filter(r -> r.name().startsWith("bridge")).findFirst().orElse(null);
        if (reference != null && bridge != null) {
            root.put("ratio", bridge.messagesPerSecond() / reference.messagesPerSecond());
        }
        Files.writeString(file, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root));
    }

    /** CPU time and peak heap of this process over one run. */
    private record ProcessStats() {
        static ProcessStats start() {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    pool.resetPeakUsage();
                }
            }
            return new ProcessStats();
        }

        long peakHeapMb() {
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            return peak / (1024 * 1024);
        }

        static long cpuTime() {
            return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
        }
    }
}
