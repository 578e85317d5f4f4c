package io.github.mqttkafkabridge.bridge.testutil;

import io.github.mqttkafkabridge.bridge.BridgePipeline;
import io.github.mqttkafkabridge.bridge.config.BridgeConfig;
import io.github.mqttkafkabridge.bridge.config.BridgeConfigLoader;
import io.github.mqttkafkabridge.mqtt.testutil.ConnectorTestEnvironment;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The set-up of the bridge's integration tests, one JUnit 5 extension per test class: the MiniCluster, the MQTT
 * broker (one kind, or each kind in turn with {@code @OnEveryMqttBroker}), Kafka, metrics and certificates of
 * {@link ConnectorTestEnvironment}, plus the configuration text naming those brokers and bridge jobs started on
 * the MiniCluster:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final BridgeTestEnvironment ENV = BridgeTestEnvironment.builder()
 *         .miniCluster(4).metrics().mqtt(BrokerKind.HIVEMQ).kafka().build();
 *
 * @BeforeAll
 * static void start() throws Exception {
 *     ENV.kafka().createTopics(1, "out");
 *     job = ENV.startBridge("my-job", ENV.baseConfig("my-it")
 *             + "actions.kafka_producer.out { connector = k, parameters { topic = out } }\n"
 *             + "rule_engine.rules.r { sql = \"SELECT * FROM \\\"t/#\\\"\", actions = [\"kafka_producer:out\"] }\n");
 * }
 * }</pre>
 *
 * Bridge jobs still running when the class (or the broker's run) ends are cancelled before the brokers stop.
 */
public final class BridgeTestEnvironment extends ConnectorTestEnvironment {
    /** The Kafka producer connector {@link #baseConfig} names: {@code connectors.kafka_producer.k}. */
    public static final String KAFKA_PRODUCER = "k";
    /** The Kafka consumer connector {@link #baseConfig} names: {@code connectors.kafka_consumer.kc}. */
    public static final String KAFKA_CONSUMER = "kc";

    private BridgeTestEnvironment(Builder<BridgeTestEnvironment> settings) {
        super(settings);
    }

    /** A builder of this extension; nothing is started unless asked for. */
    public static Builder<BridgeTestEnvironment> builder() {
        return new Builder<>(BridgeTestEnvironment::new);
    }

    /**
     * Configuration text (HOCON) naming the brokers: {@code mqtt { server, clientid_prefix }} and, with Kafka, the
     * connectors {@code connectors.kafka_producer.k} and {@code connectors.kafka_consumer.kc}. Append the test's
     * own settings; a later {@code mqtt { ... }} or {@code mqtt.x = ...} adds to the {@code mqtt} block.
     */
    public String baseConfig(String clientIdPrefix) {
        StringBuilder text = new StringBuilder()
                .append("mqtt { server = \"").append(mqtt().serverUri()).append("\", clientid_prefix = \"")
                .append(clientIdPrefix).append("\" }\n");
        if (hasKafka()) {
            String bootstrap = kafka().bootstrapServers();
            text.append("connectors.kafka_producer.").append(KAFKA_PRODUCER).append(" { bootstrap_hosts = \"")
                    .append(bootstrap).append("\" }\n")
                    .append("connectors.kafka_consumer.").append(KAFKA_CONSUMER).append(" { bootstrap_hosts = \"")
                    .append(bootstrap).append("\" }\n");
        }
        return text.toString();
    }

    /**
     * {@link #baseConfig} and one rule {@code load} that writes the payload of every message under
     * {@code <topic>/#} as the record value to Kafka topic {@code topic} (action {@code out}): a load test counts
     * the values it reads back. Append a {@code flink { ... }} block as needed.
     */
    public String payloadToKafkaConfig(String clientIdPrefix, String topic) {
        return baseConfig(clientIdPrefix)
                + "actions.kafka_producer.out { connector = " + KAFKA_PRODUCER + ", parameters { topic = \"" + topic
                + "\", message { key = \"\", value = \"${payload}\" } } }\n"
                + "rule_engine.rules.load { sql = \"\"\"SELECT payload FROM \"" + topic + "/#\" \"\"\", actions = "
                + "[\"kafka_producer:out\"] }\n";
    }

    /** Parses configuration text; relative file names in it are resolved against the working directory. */
    public BridgeConfig config(String text) {
        return BridgeConfigLoader.parse(text, Path.of("."));
    }

    /** Builds the bridge of {@code configText} (see {@link #config}) on the MiniCluster and submits it. */
    public JobClient startBridge(String jobName, String configText) throws Exception {
        return startBridge(jobName, config(configText));
    }

    /** Builds the bridge of {@code config} on the MiniCluster and submits it. */
    public JobClient startBridge(String jobName, BridgeConfig config) throws Exception {
        return startBridge(jobName, config, env -> { });
    }

    /**
     * Builds the bridge of {@code config} on the MiniCluster and submits it, after {@code setUp} has configured
     * the environment (e.g. {@code env -> TestJobs.restartAfterFailures(env, 20)}).
     */
    public JobClient startBridge(String jobName, BridgeConfig config, Consumer<StreamExecutionEnvironment> setUp)
            throws Exception {
        StreamExecutionEnvironment env = streamEnvironment();
        setUp.accept(env);
        BridgePipeline.build(env, config);
        return startJob(env, jobName);
    }
}
