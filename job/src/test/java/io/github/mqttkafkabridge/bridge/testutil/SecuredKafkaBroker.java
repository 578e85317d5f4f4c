package io.github.mqttkafkabridge.bridge.testutil;

import io.github.mqttkafkabridge.mqtt.testutil.KafkaTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.TestCertificates;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A single-node KRaft Kafka inside this JVM with one client listener per security protocol, each on a free port
 * of {@code localhost}:
 * <ul>
 *   <li>{@link #plaintextBootstrap()}: PLAINTEXT, no authentication; for the tests' own set-up and read-back;</li>
 *   <li>{@link #saslPlaintextBootstrap()}: SASL_PLAINTEXT with PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512;</li>
 *   <li>{@link #saslSslBootstrap()}: SASL_SSL with the same mechanisms;</li>
 *   <li>{@link #sslBootstrap()}: SSL, server authentication only;</li>
 *   <li>{@link #mtlsBootstrap()}: SSL requiring a client certificate signed by the test CA.</li>
 * </ul>
 * The broker's certificate is {@link TestCertificates#brokerKeyStore} (for {@code localhost}, signed by
 * {@link TestCertificates#caPem}). PLAIN knows one user, {@link #PLAIN_USER}; SCRAM users are made with
 * {@link #createScramUser}. There is no authorizer: any authenticated client may do anything. The internal topics
 * have one replica, so transactions work.
 */
public final class SecuredKafkaBroker implements AutoCloseable {
    public static final String PLAIN_USER = "alice";
    public static final String PLAIN_PASSWORD = "alice-secret";

    /** Listener names; the PLAINTEXT one is the test kit's broker (and inter-broker) listener. */
    private static final String PLAINTEXT = "EXTERNAL";
    private static final String CONTROLLER = "CONTROLLER";
    private static final String SASL_PLAINTEXT = "SASL_PLAINTEXT";
    private static final String SASL_SSL = "SASL_SSL";
    private static final String SSL = "SSL";
    private static final String MTLS = "MTLS";

    private static final String SASL_MECHANISMS = "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512";
    private static final int SCRAM_ITERATIONS = 4096;

    private final KafkaClusterTestKit cluster;

    private SecuredKafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static SecuredKafkaBroker start(TestCertificates certs) throws Exception {
        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build());
        brokerConfig(certs).forEach(builder::setConfigProp);
        KafkaClusterTestKit cluster = builder.build();
        try {
            // Formatting prints to stdout.
            PrintStream stdout = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                cluster.format();
            } finally {
                System.setOut(stdout);
            }
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new SecuredKafkaBroker(cluster);
        } catch (Exception | Error e) {
            try {
                cluster.close();
            } catch (Exception suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    private static Map<String, Object> brokerConfig(TestCertificates certs) {
        Map<String, Object> c = new HashMap<>();
        // A single node cannot replicate internal topics three times.
        c.put("offsets.topic.replication.factor", "1");
        c.put("transaction.state.log.replication.factor", "1");
        c.put("transaction.state.log.min.isr", "1");
        c.put("group.initial.rebalance.delay.ms", "0");
        c.put("auto.create.topics.enable", "false");

        // The test kit keeps these if set; port 0 binds a free port, advertised as the bound one.
        c.put("listeners", String.join(",",
                PLAINTEXT + "://localhost:0", CONTROLLER + "://localhost:0", SASL_PLAINTEXT + "://localhost:0",
                SASL_SSL + "://localhost:0", SSL + "://localhost:0", MTLS + "://localhost:0"));
        c.put("listener.security.protocol.map", String.join(",",
                PLAINTEXT + ":PLAINTEXT", CONTROLLER + ":PLAINTEXT", SASL_PLAINTEXT + ":SASL_PLAINTEXT",
                SASL_SSL + ":SASL_SSL", SSL + ":SSL", MTLS + ":SSL"));
        c.put("inter.broker.listener.name", PLAINTEXT);
        c.put("controller.listener.names", CONTROLLER);

        // TLS for SASL_SSL, SSL and MTLS.
        c.put("ssl.keystore.type", "PKCS12");
        c.put("ssl.keystore.location", certs.brokerKeyStore.toString());
        c.put("ssl.keystore.password", TestCertificates.PASSWORD);
        c.put("ssl.key.password", TestCertificates.PASSWORD);
        c.put("ssl.client.auth", "none");
        String mtls = new ListenerName(MTLS).configPrefix();
        c.put(mtls + "ssl.client.auth", "required");
        c.put(mtls + "ssl.truststore.type", "PEM");
        c.put(mtls + "ssl.truststore.location", certs.caPem.toString());

        // SASL: every mechanism needs its own JAAS configuration on every SASL listener.
        c.put("sasl.enabled.mechanisms", SASL_MECHANISMS);
        for (String listener : List.of(SASL_PLAINTEXT, SASL_SSL)) {
            String prefix = new ListenerName(listener).configPrefix();
            c.put(prefix + "sasl.enabled.mechanisms", SASL_MECHANISMS);
            c.put(prefix + "plain.sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required "
                    + "user_" + PLAIN_USER + "=\"" + PLAIN_PASSWORD + "\";");
            c.put(prefix + "scram-sha-256.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
            c.put(prefix + "scram-sha-512.sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        }
        return c;
    }

    /** {@code localhost:port} of the PLAINTEXT listener (no authentication). */
    public String plaintextBootstrap() {
        return bootstrap(PLAINTEXT);
    }

    /** {@code localhost:port} of the SASL_PLAINTEXT listener (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512). */
    public String saslPlaintextBootstrap() {
        return bootstrap(SASL_PLAINTEXT);
    }

    /** {@code localhost:port} of the SASL_SSL listener (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512). */
    public String saslSslBootstrap() {
        return bootstrap(SASL_SSL);
    }

    /** {@code localhost:port} of the SSL listener without client authentication. */
    public String sslBootstrap() {
        return bootstrap(SSL);
    }

    /** {@code localhost:port} of the SSL listener that requires a client certificate signed by the test CA. */
    public String mtlsBootstrap() {
        return bootstrap(MTLS);
    }

    private String bootstrap(String listener) {
        return "localhost:" + cluster.brokers().values().iterator().next().boundPort(new ListenerName(listener));
    }

    /**
     * Creates or replaces a SCRAM credential, over the PLAINTEXT listener, and waits until the broker accepts it on
     * the SASL_PLAINTEXT listener.
     */
    public void createScramUser(String user, String password, ScramMechanism mechanism) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, plaintextBootstrap()))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                    user, new ScramCredentialInfo(mechanism, SCRAM_ITERATIONS), password))).all().get();
        }
        // The controller has committed the credential; the broker applies it from the metadata log shortly after.
        Map<String, Object> sasl = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, saslPlaintextBootstrap(),
                AdminClientConfig.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                "sasl.mechanism", mechanism.mechanismName(),
                "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                        + jaasEscape(user) + "\" password=\"" + jaasEscape(password) + "\";",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try (Admin admin = Admin.create(sasl)) {
                admin.describeCluster().clusterId().get();
                return;
            } catch (Exception e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("SCRAM user " + user + " not usable", e);
                }
                Thread.sleep(100);
            }
        }
    }

    private static String jaasEscape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    public void createTopics(int partitions, String... topics) throws Exception {
        KafkaTestBroker.createTopics(plaintextBootstrap(), partitions, topics);
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
