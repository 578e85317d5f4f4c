package io.github.mqttkafkabridge.bridge.cluster;

import io.github.mqttkafkabridge.bridge.testutil.BridgeTestEnvironment;
import io.github.mqttkafkabridge.bridge.testutil.FlinkSessionCluster;
import io.github.mqttkafkabridge.mqtt.testutil.BrokerKind;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaReader;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient;
import io.github.mqttkafkabridge.mqtt.testutil.TestCertificates;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy} to a session cluster whose REST endpoint speaks only TLS ({@code security.ssl.rest.*}), with the
 * client's trust store from a Flink configuration directory as {@code flink run} reads it. Without a trust store
 * deploy refuses with the options to set, before touching the cluster. The redeploy edits a rule's filter too:
 * deploy says so, and the resumed session drops the old subscription. Transport and deploy only: one broker.
 */
class ClusterTlsDeployITCase {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    @RegisterExtension
    static final BridgeTestEnvironment ENV = BridgeTestEnvironment.builder().mqtt(BrokerKind.HIVEMQ).kafka()
            .certificates().build();

    @TempDir
    Path dir;

    @Test
    void deploysAndRedeploysOverHttps() throws Exception {
        TestCertificates certs = ENV.certificates();
        String store = certs.brokerKeyStore.toAbsolutePath().toString();
        MqttTestBroker mqtt = ENV.mqtt();
        String name = "tls-deploy";
        ENV.kafka().createTopics(1, name);
        Path conf = dir.resolve("bridge.conf");
        String config = ENV.payloadToKafkaConfig(name, name) + "flink { checkpoint_interval = 500ms }\n";
        Files.writeString(conf, config);
        Path clientConf = Files.createDirectories(dir.resolve("flink-client"));
        Files.writeString(clientConf.resolve("config.yaml"), "security.ssl.rest.truststore: " + store + "\n"
                + "security.ssl.rest.truststore-password: " + TestCertificates.PASSWORD + "\n");

        try (FlinkSessionCluster cluster = FlinkSessionCluster.start(dir.resolve("flink"), 1, 2, Map.of(
                "security.ssl.rest.enabled", "true",
                "security.ssl.rest.keystore", store,
                "security.ssl.rest.keystore-password", TestCertificates.PASSWORD,
                "security.ssl.rest.key-password", TestCertificates.PASSWORD,
                "security.ssl.rest.truststore", store,
                "security.ssl.rest.truststore-password", TestCertificates.PASSWORD));
             KafkaReader reader = new KafkaReader(ENV.kafka().bootstrapServers(), name);
             MqttTestClient publisher = new MqttTestClient(mqtt.serverUri(), name + "-publisher")) {
            assertThat(cluster.restUrl()).startsWith("https://");

            ClusterJobs.Deploy untrusted = ClusterJobs.deploy(cluster, conf, dir.resolve("deploy-0.log"));
            assertThat(untrusted.exitCode()).as(untrusted.output()).isNotZero();
            assertThat(untrusted.output()).contains("https needs a trust store for the REST endpoint's certificate: "
                    + "set security.ssl.rest.truststore and security.ssl.rest.truststore-password");

            ClusterJobs.Deploy first = ClusterJobs.deploy(cluster, conf, dir.resolve("deploy-1.log"),
                    "--flink-conf", clientConf.toString());
            assertThat(first.exitCode()).as(first.output()).isZero();
            assertThat(first.output()).contains("starting it without state");
            ClusterJobs.publishUntilInKafka(publisher, reader, name + "/1", "hello", "hello", TIMEOUT);

            // An edited rule that also reads another filter: the session drops the old one when it resumes.
            String edited = config.replace("SELECT payload FROM \"" + name + "/#\"",
                    "SELECT upper(payload) AS payload FROM \"" + name + "/+\"");
            assertThat(edited).isNotEqualTo(config);
            Files.writeString(conf, edited);
            ClusterJobs.Deploy second = ClusterJobs.deploy(cluster, conf, dir.resolve("deploy-2.log"),
                    "--flink-conf", clientConf.toString());
            System.out.println("deploy over https:\n" + second.output());
            assertThat(second.exitCode()).as(second.output()).isZero();
            assertThat(second.output()).contains("rule load changed",
                    "MQTT topic filter \"" + name + "/+\" added: the sessions subscribe to it",
                    "MQTT topic filter \"" + name + "/#\" removed: the resumed sessions unsubscribe from it");
            ClusterJobs.publishUntilInKafka(publisher, reader, name + "/1", "again", "AGAIN", TIMEOUT);
            mqtt.awaitUnsubscription(name + "-0", name + "/#", TIMEOUT);
        }
    }
}
