package io.github.mqttkafkabridge.bridge.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * A {@code connectors.kafka_producer|kafka_consumer|confluent_producer.<name>} entry, already translated into
 * Kafka client properties (security, timeouts, socket buffers) that every producer, consumer and admin client
 * of this connector uses. Secrets live in those properties, so {@link #toString()} shows the property names only.
 *
 * @param metadataRequestTimeout bound for the bridge's own metadata lookups (topic checks, {@code check})
 * @param allowAutoTopicCreation whether a topic missing from the metadata may be created by the broker on write
 */
public record KafkaConnection(String name, String type, String bootstrapHosts, Map<String, String> clientProperties,
                              Duration metadataRequestTimeout, boolean allowAutoTopicCreation)
        implements Serializable {

    /** Properties that hold secrets or key material; Kafka's own config logging hides them too. */
    static final Set<String> SECRET_PROPERTIES = Set.of("sasl.jaas.config", "ssl.keystore.key", "ssl.key.password",
            "ssl.truststore.password", "ssl.keystore.password");
    /** Certificates are public but long: shown as a marker. */
    private static final Set<String> PEM_PROPERTIES = Set.of("ssl.truststore.certificates",
            "ssl.keystore.certificate.chain");

    public KafkaConnection {
        clientProperties = Map.copyOf(clientProperties);
    }

    /** {@code bootstrap.servers} plus the connector's client properties, for a new Kafka client. */
    public Properties toClientProperties() {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.setProperty("bootstrap.servers", bootstrapHosts);
        return p;
    }

    /**
     * When {@code failure} is the broker's TLS certificate not passing verification (unknown CA, wrong host name):
     * a message naming the two ways out; otherwise null. A certificate problem does not heal by retrying.
     */
    public String untrustedCertificate(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.security.cert.CertificateException
                    || t instanceof java.security.cert.CertPathBuilderException
                    || t instanceof java.security.cert.CertPathValidatorException) {
                String at = "connectors." + type + "." + name + ".ssl";
                return "Kafka connector " + name + " (" + bootstrapHosts + "): the broker's TLS certificate did not "
                        + "pass verification (" + t.getMessage() + "). Either set " + at + ".cacertfile to the PEM "
                        + "file of the CA that signed it (ssl.verify = verify_peer is the default), or set " + at
                        + ".verify = verify_none to accept any certificate (encrypted, but open to a man in the "
                        + "middle)";
            }
        }
        return null;
    }

    /** How the connection authenticates, for messages: "none", "PLAIN", "SCRAM-SHA-512"... */
    public String mechanism() {
        return clientProperties.getOrDefault("sasl.mechanism", "none");
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>();
        clientProperties.forEach((k, v) -> shown.put(k, SECRET_PROPERTIES.contains(k) ? "[hidden]"
                : PEM_PROPERTIES.contains(k) ? "[pem]" : v));
        return "KafkaConnection{" + type + ":" + name + ", " + bootstrapHosts + ", " + shown + "}";
    }
}
