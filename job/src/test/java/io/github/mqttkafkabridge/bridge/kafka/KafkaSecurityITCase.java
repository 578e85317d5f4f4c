package io.github.mqttkafkabridge.bridge.kafka;

import io.github.mqttkafkabridge.bridge.BridgePipeline;
import io.github.mqttkafkabridge.bridge.cli.BridgeCli;
import io.github.mqttkafkabridge.bridge.config.BridgeConfig;
import io.github.mqttkafkabridge.bridge.config.BridgeConfigLoader;
import io.github.mqttkafkabridge.bridge.testutil.BridgeTestEnvironment;
import io.github.mqttkafkabridge.bridge.testutil.SecuredKafkaBroker;
import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.mqtt.testutil.BrokerKind;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaReader;
import io.github.mqttkafkabridge.mqtt.testutil.LogCapture;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient;
import io.github.mqttkafkabridge.mqtt.testutil.TestCertificates;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Kafka connectors with EMQX's authentication and TLS keys against a broker with SASL_PLAINTEXT, SASL_SSL, SSL
 * and mutual-TLS listeners: every action delivers, secrets never reach the log, and {@code check} names what is
 * wrong with a connector.
 */
class KafkaSecurityITCase {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String CAROL_PASSWORD = "carol-file-secret";
    private static final List<String> TOPICS = List.of("sec-scram256", "sec-scram512", "sec-confluent", "sec-ssl",
            "sec-mtls");

    /** The certificates (ca.pem, other-ca.pem...) are in ENV.directory(), the base of relative file names. */
    @RegisterExtension
    static final BridgeTestEnvironment ENV = BridgeTestEnvironment.builder()
            .miniCluster(4).mqtt(BrokerKind.HIVEMQ).certificates().build();

    private static Path dir;
    private static TestCertificates certs;
    private static SecuredKafkaBroker kafka;
    private static MqttTestBroker mqtt;
    private static LogCapture logs;
    private static JobClient job;

    @BeforeAll
    static void start() throws Exception {
        dir = ENV.directory();
        certs = ENV.certificates();
        kafka = SecuredKafkaBroker.start(certs);
        kafka.createScramUser("bob", "bob-secret", ScramMechanism.SCRAM_SHA_256);
        kafka.createScramUser("carol", CAROL_PASSWORD, ScramMechanism.SCRAM_SHA_512);
        kafka.createTopics(1, TOPICS.toArray(new String[0]));
        Files.writeString(dir.resolve("carol.password"), CAROL_PASSWORD + "\n");
        mqtt = ENV.mqtt();
        logs = LogCapture.start(Level.INFO);

        StringBuilder actions = new StringBuilder();
        for (String t : TOPICS) {
            String name = t.substring("sec-".length());
            String type = name.equals("confluent") ? "confluent_producer" : "kafka_producer";
            actions.append("actions.").append(type).append(".").append(name).append(" { connector = ").append(name)
                    .append(", parameters { topic = ").append(t).append(" } }\n");
        }
        BridgeConfig config = BridgeConfigLoader.parse(ENV.baseConfig("sec-it")
                + "flink { checkpoint_interval = 300ms }\n"
                + "connectors.kafka_producer.scram256 { bootstrap_hosts = \"" + kafka.saslPlaintextBootstrap() + "\"\n"
                + "  authentication { mechanism = scram_sha_256, username = bob, password = ${?BRIDGE_TEST_SCRAM_PASSWORD} } }\n"
                + "connectors.kafka_producer.scram512 { bootstrap_hosts = \"" + kafka.saslSslBootstrap() + "\"\n"
                + "  authentication { mechanism = scram_sha_512, username = carol, password = \"file://carol.password\" }\n"
                + "  ssl { enable = true, cacertfile = ca.pem, verify = verify_peer } }\n"
                + "connectors.confluent_producer.confluent { bootstrap_hosts = \"" + kafka.saslSslBootstrap() + "\"\n"
                + "  authentication { username = " + SecuredKafkaBroker.PLAIN_USER + ", password = "
                + SecuredKafkaBroker.PLAIN_PASSWORD + " }\n"
                + "  ssl { cacertfile = ca.pem } }\n"
                // No CA at all: verify_none accepts the broker's certificate; the SNI name is ours.
                + "connectors.kafka_producer.ssl { bootstrap_hosts = \"" + kafka.sslBootstrap() + "\"\n"
                + "  ssl { enable = true, verify = verify_none, server_name_indication = \"kafka.example.com\" } }\n"
                + "connectors.kafka_producer.mtls { bootstrap_hosts = \"" + kafka.mtlsBootstrap() + "\"\n"
                + "  ssl { enable = true, verify = verify_peer, cacertfile = ca.pem,\n"
                + "        certfile = \"" + certs.clientCertChainPem + "\", keyfile = \"" + certs.clientKeyPem + "\" } }\n"
                + actions
                + "rule_engine.rules.all { sql = \"SELECT payload FROM \\\"sec/#\\\"\", actions = [\"kafka_producer:scram256\","
                + " \"kafka_producer:scram512\", \"confluent_producer:confluent\", \"kafka_producer:ssl\","
                + " \"kafka_producer:mtls\"] }\n",
                dir);
        job = ENV.startBridge("kafka-security", config);
        mqtt.awaitSubscription("sec-it-0", "sec/#", TIMEOUT);
    }

    /** The job stops before the Kafka broker it writes to; the extension stops the rest. */
    @AfterAll
    static void stop() throws Exception {
        if (job != null) {
            job.cancel().get();
        }
        if (logs != null) {
            logs.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyAuthenticationAndTlsVariantDeliversAndNoSecretIsLogged() throws Exception {
        try (MqttTestClient device = new MqttTestClient(mqtt.serverUri(), "sec-device")) {
            device.publish("sec/1", "secured", 1);
        }
        for (String topic : TOPICS) {
            try (KafkaReader reader = new KafkaReader(kafka.plaintextBootstrap(), topic)) {
                reader.pollUntil(() -> !reader.seen().isEmpty(), TIMEOUT);
                assertThat(reader.seen()).as(topic).hasSize(1);
                String value = new String(reader.seen().get(0).value(), StandardCharsets.UTF_8);
                assertThat(Json.read(value).get("payload").asText()).isEqualTo("secured");
            }
        }
        String log = logs.text();
        // The producers' configuration was logged (so the check below looked at something) with secrets hidden.
        assertThat(log).contains("sasl.jaas.config = [hidden]").contains("ssl.keystore.key = [hidden]");
        assertThat(log).doesNotContain("bob-secret").doesNotContain(CAROL_PASSWORD)
                .doesNotContain(SecuredKafkaBroker.PLAIN_PASSWORD)
                .doesNotContain(certs.clientKeyPemText().lines().skip(1).findFirst().orElseThrow());
    }

    /** Secure by default: TLS without a CA file trusts only the JVM's CAs, and the refusal says what to do. */
    @Test
    void anUntrustedCertificateStopsTheStartNamingBothFixes() throws Exception {
        BridgeConfig config = BridgeConfigLoader.parse(ENV.baseConfig("untrusted-it")
                + "connectors.kafka_producer.private_ca { bootstrap_hosts = \"" + kafka.sslBootstrap() + "\"\n"
                + "  ssl { enable = true } }\n"
                + "actions.kafka_producer.out { connector = private_ca, parameters { topic = sec-ssl } }\n"
                + "rule_engine.rules.r { sql = \"SELECT payload FROM \\\"untrusted/#\\\"\", "
                + "actions = [\"kafka_producer:out\"] }\n", dir);
        StreamExecutionEnvironment env = ENV.streamEnvironment();
        assertThatThrownBy(() -> BridgePipeline.build(env, config))
                .hasMessageContaining("Kafka connector private_ca (" + kafka.sslBootstrap() + "): the broker's TLS "
                        + "certificate did not pass verification")
                .hasMessageContaining("set connectors.kafka_producer.private_ca.ssl.cacertfile to the PEM file of "
                        + "the CA")
                .hasMessageContaining("or set connectors.kafka_producer.private_ca.ssl.verify = verify_none");
    }

    @Test
    void checkReportsEachConnectorAndWhyItFailed() throws Exception {
        Path conf = dir.resolve("check.conf");
        Files.writeString(conf, ENV.baseConfig("check-it")
                + "connectors.kafka_producer.good { bootstrap_hosts = \"" + kafka.saslPlaintextBootstrap() + "\"\n"
                + "  authentication { mechanism = scram_sha_256, username = bob, password = bob-secret } }\n"
                + "connectors.kafka_producer.badpass { bootstrap_hosts = \"" + kafka.saslPlaintextBootstrap() + "\"\n"
                + "  authentication { mechanism = scram_sha_256, username = bob, password = wrong-secret } }\n"
                + "connectors.kafka_producer.badca { bootstrap_hosts = \"" + kafka.sslBootstrap() + "\"\n"
                + "  ssl { enable = true, verify = verify_peer, cacertfile = other-ca.pem } }\n"
                + "actions.kafka_producer.present { connector = good, parameters { topic = sec-scram256 } }\n"
                + "actions.kafka_producer.absent { connector = good, parameters { topic = no-such-topic } }\n");
        StringWriter out = new StringWriter();
        int exit = BridgeCli.commandLine().setOut(new PrintWriter(out)).execute("check", "--conf", conf.toString());
        String report = out.toString();
        assertThat(exit).as(report).isEqualTo(1);
        assertThat(report).contains("connectors.kafka_producer.good (" + kafka.saslPlaintextBootstrap()
                + ", SCRAM-SHA-256, SASL_PLAINTEXT): OK, 1 broker(s)");
        assertThat(report).contains("  topic sec-scram256: OK, 1 partition(s)");
        assertThat(report).contains("  topic no-such-topic: FAILED: does not exist");
        assertThat(report).containsPattern("connectors\\.kafka_producer\\.badpass \\(.*\\): FAILED: "
                + "SaslAuthenticationException: .*");
        assertThat(report).containsPattern("connectors\\.kafka_producer\\.badca \\(.*, none, SSL\\): FAILED: "
                + "Kafka connector badca \\(.*\\): the broker's TLS certificate did not pass verification")
                .contains("set connectors.kafka_producer.badca.ssl.cacertfile to the PEM file of the CA")
                .contains("or set connectors.kafka_producer.badca.ssl.verify = verify_none");
        assertThat(report).contains("mqtt (" + mqtt.serverUri() + "): OK, connected; session expiry 3600 s granted "
                + "as asked");
        assertThat(report).doesNotContain("bob-secret").doesNotContain("wrong-secret");
    }
}
