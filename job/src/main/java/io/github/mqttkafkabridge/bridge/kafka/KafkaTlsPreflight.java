package io.github.mqttkafkabridge.bridge.kafka;

import io.github.mqttkafkabridge.bridge.config.BridgeSslEngineFactory;
import io.github.mqttkafkabridge.bridge.config.BridgeConfigException;
import io.github.mqttkafkabridge.bridge.config.KafkaConnection;

import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Before the job is submitted, meets the brokers of every Kafka connector that verifies TLS certificates: a
 * certificate that does not pass verification stops the start with a message naming the two fixes, instead of
 * tasks failing over and over with Kafka's "SSL handshake failed". Brokers that cannot be reached from where the
 * job is submitted are not an error here (the task managers may reach them); the job reports those itself.
 */
public final class KafkaTlsPreflight {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaTlsPreflight.class);

    private KafkaTlsPreflight() {}

    public static void check(Collection<KafkaConnection> connections) {
        for (KafkaConnection connection : connections) {
            if (verifiesCertificates(connection)) {
                check(connection);
            }
        }
    }

    private static boolean verifiesCertificates(KafkaConnection connection) {
        String protocol = connection.clientProperties().getOrDefault("security.protocol", "PLAINTEXT");
        return protocol.endsWith("SSL")
                && !"false".equals(connection.clientProperties().get(BridgeSslEngineFactory.VERIFY_PEER));
    }

    private static void check(KafkaConnection connection) {
        Properties props = connection.toClientProperties();
        props.setProperty("client.id", "bridge-tls-check-" + connection.name());
        long timeoutMs = connection.metadataRequestTimeout().toMillis();
        Admin admin = Admin.create(props);
        try {
            admin.describeCluster().nodes().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            String untrusted = connection.untrustedCertificate(e);
            if (untrusted != null) {
                throw new BridgeConfigException(untrusted);
            }
            LOG.info("Kafka connector {}: could not check TLS from here ({}); the job reports it if it persists",
                    connection.name(), e.getCause().toString());
        } catch (TimeoutException e) {
            LOG.info("Kafka connector {}: {} did not answer within {} ms from here; TLS is checked when the job "
                    + "connects", connection.name(), connection.bootstrapHosts(), timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            admin.close(Duration.ofSeconds(1));
        }
    }
}
