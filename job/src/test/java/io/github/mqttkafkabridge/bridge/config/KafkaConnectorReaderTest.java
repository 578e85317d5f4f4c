package io.github.mqttkafkabridge.bridge.config;


import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** EMQX connector keys become the Kafka client properties a user would expect; mistakes name the key. */
class KafkaConnectorReaderTest {
    @TempDir
    Path dir;

    private KafkaConnection connector(String body) {
        return BridgeConfigLoader.parse("mqtt.server = \"127.0.0.1:1883\"\nconnectors.kafka_producer.k { "
                + "bootstrap_hosts = \"h:9092\"\n" + body + " }\n", dir).kafkaConnectors().get("kafka_producer.k");
    }

    private static void assertFails(Runnable parse, String message) {
        assertThatThrownBy(parse::run).isInstanceOf(BridgeConfigException.class).hasMessageContaining(message);
    }

    @Test
    void emqxDefaultsMapToClientProperties() {
        KafkaConnection c = connector("");
        assertThat(c.clientProperties()).containsEntry("security.protocol", "PLAINTEXT")
                .containsEntry("socket.connection.setup.timeout.ms", "5000")
                .containsEntry("request.timeout.ms", "30000")
                .containsEntry("send.buffer.bytes", "1048576").containsEntry("receive.buffer.bytes", "1048576")
                .doesNotContainKey("sasl.mechanism");
        assertThat(c.allowAutoTopicCreation()).isFalse();
    }

    @Test
    void anEmqxStyleConnectorLoadsWithoutEdits() {
        KafkaConnection c = connector("""
                enable = true
                description = "pasted from EMQX"
                connect_timeout = 5s
                min_metadata_refresh_interval = 3s
                metadata_request_timeout = 5s
                authentication = none
                socket_opts { sndbuf = 1024KB, recbuf = 1024KB, nodelay = true, tcp_keepalive = none }
                ssl {
                  enable = true, verify = verify_none, server_name_indication = auto
                  versions = ["tlsv1.3", "tlsv1.2"], ciphers = [], depth = 10, reuse_sessions = true,
                  secure_renegotiate = true, hibernate_after = 5s, log_level = notice, middlebox_comp_mode = true
                }
                health_check_topic = "probe"
                resource_opts { health_check_interval = 15s, start_after_created = true, start_timeout = 5s }
                """);
        assertThat(c.clientProperties()).containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.enabled.protocols", "TLSv1.3,TLSv1.2")
                .containsEntry("send.buffer.bytes", "1048576");
    }

    @Test
    void timeoutsAndSocketOptions() {
        KafkaConnection c = connector("connect_timeout = 2s, metadata_request_timeout = 20s, "
                + "min_metadata_refresh_interval = 1s, health_check_interval = 30s, "
                + "socket_opts { sndbuf = 256KB, recbuf = 2MB, nodelay = true, tcp_keepalive = \"240,30,5\" }, "
                + "allow_auto_topic_creation = true");
        assertThat(c.clientProperties()).containsEntry("socket.connection.setup.timeout.ms", "2000")
                .containsEntry("request.timeout.ms", "40000")
                .containsEntry("send.buffer.bytes", String.valueOf(256 * 1024))
                .containsEntry("receive.buffer.bytes", String.valueOf(2 * 1024 * 1024));
        assertThat(c.metadataRequestTimeout().toSeconds()).isEqualTo(20);
        assertThat(c.allowAutoTopicCreation()).isTrue();
        assertFails(() -> connector("socket_opts.tcp_keepalive = \"240,30\""),
                "connectors.kafka_producer.k.socket_opts.tcp_keepalive: \"240,30\" is not \"none\" or \"Idle,Interval,Probes\"");
        assertFails(() -> connector("connect_timeout = 0s"), "connectors.kafka_producer.k.connect_timeout: 0ms must be positive");
    }

    @Test
    void saslMechanismsAndSecretsFromFiles() throws Exception {
        Files.writeString(dir.resolve("secret.txt"), "pa\"ss\\word\n");
        KafkaConnection c = connector("authentication { mechanism = scram_sha_512, username = u, "
                + "password = \"file://secret.txt\" }");
        assertThat(c.clientProperties()).containsEntry("security.protocol", "SASL_PLAINTEXT")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"u\" password=\"pa\\\"ss\\\\word\";");
        assertThat(c.toString()).contains("sasl.jaas.config=[hidden]").doesNotContain("pa\"ss");
        assertThat(connector("authentication { mechanism = plain, username = u, password = p }").mechanism())
                .isEqualTo("PLAIN");
        assertThat(connector("authentication = none").mechanism()).isEqualTo("none");

        assertFails(() -> connector("authentication { mechanism = md5, username = u, password = p }"),
                "connectors.kafka_producer.k.authentication.mechanism: \"md5\" is not one of plain, scram_sha_256, scram_sha_512");
        assertFails(() -> connector("authentication { mechanism = plain, username = u }"),
                "connectors.kafka_producer.k.authentication.password: missing");
        assertFails(() -> connector("authentication { mechanism = plain, username = u, password = \"file://nope\" }"),
                "connectors.kafka_producer.k.authentication.password: secret file");
        assertFails(() -> connector("authentication = msk_iam"), "msk_iam is not supported: it needs AWS's aws-msk-iam-auth");
    }

    @Test
    void kerberosMapsToGssapi() throws Exception {
        Files.writeString(dir.resolve("bridge.keytab"), "not a real keytab");
        KafkaConnection c = connector("authentication { kerberos_principal = \"bridge@EXAMPLE.COM\", "
                + "kerberos_keytab_file = bridge.keytab }");
        assertThat(c.clientProperties()).containsEntry("sasl.mechanism", "GSSAPI")
                .containsEntry("sasl.kerberos.service.name", "kafka");
        assertThat(c.clientProperties().get("sasl.jaas.config"))
                .startsWith("com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true")
                .contains("principal=\"bridge@EXAMPLE.COM\"").contains(dir.resolve("bridge.keytab").toString());
    }

    @Test
    void tlsFilesVerifyAndSni() throws Exception {
        Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n");
        Files.writeString(dir.resolve("rsa.pem"), "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n");
        KafkaConnection peer = connector("ssl { enable = true, cacertfile = ca.pem, certfile = ca.pem, keyfile = key.pem, "
                + "verify = verify_peer, versions = [\"tlsv1.3\", \"tlsv1.2\"] }");
        Map<String, String> p = peer.clientProperties();
        assertThat(p).containsEntry("security.protocol", "SSL").containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.keystore.type", "PEM").containsEntry("ssl.enabled.protocols", "TLSv1.3,TLSv1.2")
                .doesNotContainKey("ssl.engine.factory.class").doesNotContainKey("ssl.endpoint.identification.algorithm");
        assertThat(p.get("ssl.truststore.certificates")).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(peer.toString()).contains("ssl.keystore.key=[hidden]").doesNotContain("MIIE");

        // Unlike EMQX (verify_none), certificates and host names are checked unless verify_none is explicit.
        Map<String, String> byDefault = connector("ssl { enable = true }").clientProperties();
        assertThat(byDefault).doesNotContainKey("ssl.engine.factory.class")
                .doesNotContainKey("ssl.endpoint.identification.algorithm");
        Map<String, String> none = connector("ssl { enable = true, verify = verify_none, server_name_indication = disable }")
                .clientProperties();
        assertThat(none).containsEntry("ssl.engine.factory.class", BridgeSslEngineFactory.class.getName())
                .containsEntry(BridgeSslEngineFactory.VERIFY_PEER, "false")
                .containsEntry(BridgeSslEngineFactory.SERVER_NAME_INDICATION, "disable")
                .containsEntry("ssl.endpoint.identification.algorithm", "");

        assertFails(() -> connector("ssl { enable = true, certfile = ca.pem, keyfile = rsa.pem }"),
                "connectors.kafka_producer.k.ssl.keyfile: rsa.pem is a PKCS#1/SEC1 key; Kafka's client reads PKCS#8");
        assertFails(() -> connector("ssl { enable = true, certfile = ca.pem }"), "set both certfile and keyfile");
        assertFails(() -> connector("ssl { enable = true, cacertfile = missing.pem }"),
                "connectors.kafka_producer.k.ssl.cacertfile: \"missing.pem\" does not exist");
        assertFails(() -> connector("ssl { enable = true, verify = maybe }"),
                "connectors.kafka_producer.k.ssl.verify: \"maybe\" is not one of verify_peer, verify_none");
        assertFails(() -> connector("ssl { enable = true, ciphers = [\"ECDHE-RSA-AES256-GCM-SHA384\"] }"),
                "is an OpenSSL name; Java needs the IANA name");
    }

    @Test
    void confluentNeedsAnApiKeyAndAlwaysUsesVerifiedTls() {
        String base = "mqtt.server = \"127.0.0.1:1883\"\nconnectors.confluent_producer.c { bootstrap_hosts = "
                + "\"pkc-1.confluent.cloud:9092\"";
        BridgeConfig config = BridgeConfigLoader.parse(base + ", authentication { username = KEY, password = SECRET } }\n"
                + "actions.confluent_producer.a { connector = c, parameters.topic = t }\n", dir);
        KafkaConnection c = config.kafkaConnectors().get("confluent_producer.c");
        assertThat(c.clientProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "PLAIN").doesNotContainKey("ssl.engine.factory.class");
        assertThat(config.kafkaActions().get("a").actionId()).isEqualTo("confluent_producer:a");

        assertFails(() -> BridgeConfigLoader.parse(base + " }\n", dir),
                "connectors.confluent_producer.c.authentication: missing; Confluent needs {username = \"<API key>\"");
        assertFails(() -> BridgeConfigLoader.parse(base + ", authentication { username = K, password = S }, "
                + "ssl.enable = false }\n", dir), "connectors.confluent_producer.c.ssl.enable: false is not allowed");
    }

    @Test
    void shippedConfluentExampleLoadsWithKeyAndSecretFromTheEnvironment() {
        BridgeConfig config = BridgeConfigLoader.load(Path.of("../conf/confluent-cloud.conf"), Map.of(
                "connectors.confluent_producer.confluent.authentication.username", "KEY",
                "connectors.confluent_producer.confluent.authentication.password", "SECRET"));
        KafkaProducerAction action = config.kafkaActions().get("telemetry");
        assertThat(action.deadLetterTopic()).isEqualTo("telemetry-dead-letters");
        assertThat(action.connection().mechanism()).isEqualTo("PLAIN");
        assertThat(config.rules().get(0).actions()).containsExactly(new KafkaActionRef("telemetry"));
    }
}
