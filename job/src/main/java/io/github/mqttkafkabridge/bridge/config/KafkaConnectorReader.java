package io.github.mqttkafkabridge.bridge.config;


import com.typesafe.config.Config;
import com.typesafe.config.ConfigValueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads one Kafka connector ({@code connectors.kafka_producer|kafka_consumer|confluent_producer.<name>}) with
 * EMQX's keys and defaults and translates it into Kafka client properties. Certificate and key files are read
 * here, on the machine that submits the job, so TaskManagers need no copies of them.
 */
final class KafkaConnectorReader {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaConnectorReader.class);
    static final String CONFLUENT = "confluent_producer";

    private static final Map<String, String> SCRAM_OR_PLAIN = Map.of("plain", "PLAIN",
            "scram_sha_256", "SCRAM-SHA-256", "scram_sha_512", "SCRAM-SHA-512");
    private static final Map<String, String> TLS_VERSIONS = Map.of("tlsv1", "TLSv1", "tlsv1.1", "TLSv1.1",
            "tlsv1.2", "TLSv1.2", "tlsv1.3", "TLSv1.3");

    private final Config config;
    private final ConfigValues values;
    private final Path baseDir;

    KafkaConnectorReader(Config config, ConfigValues values, Path baseDir) {
        this.config = config;
        this.values = values;
        this.baseDir = baseDir;
    }

    /**
     * @param type {@code kafka_producer}, {@code kafka_consumer} or {@code confluent_producer}
     * @param path the HOCON path of the entry (quoted name)
     */
    KafkaConnection read(String type, String name, String path) {
        String at = "connectors." + type + "." + name;
        Map<String, String> props = new LinkedHashMap<>();
        String hosts = normaliseHosts(at + ".bootstrap_hosts",
                values.requiredString(path + ".bootstrap_hosts", at + ".bootstrap_hosts"));

        Duration connect = positive(path + ".connect_timeout", at + ".connect_timeout", Duration.ofSeconds(5));
        props.put("socket.connection.setup.timeout.ms", String.valueOf(connect.toMillis()));
        props.put("socket.connection.setup.timeout.max.ms",
                String.valueOf(Math.max(connect.toMillis(), Duration.ofSeconds(30).toMillis())));
        Duration metadata = positive(path + ".metadata_request_timeout", at + ".metadata_request_timeout",
                Duration.ofSeconds(5));
        // EMQX derives its client request timeout the same way: max(2 x metadata_request_timeout, 30s).
        long requestTimeout = Math.max(2 * metadata.toMillis(), 30_000);
        props.put("request.timeout.ms", String.valueOf(requestTimeout));
        // Accepted for compatibility (README): Kafka's client refreshes metadata on demand with its own back-off,
        // and Flink's failure detection replaces the periodic health check.
        positive(path + ".min_metadata_refresh_interval", at + ".min_metadata_refresh_interval", Duration.ofSeconds(3));
        positive(path + ".health_check_interval", at + ".health_check_interval", Duration.ofSeconds(15));
        positive(path + ".resource_opts.health_check_interval", at + ".resource_opts.health_check_interval",
                Duration.ofSeconds(15));
        socketOptions(path + ".socket_opts", at + ".socket_opts", props);

        boolean confluent = type.equals(CONFLUENT);
        String sasl = authentication(path + ".authentication", at + ".authentication", confluent, props);
        boolean tls = tls(path + ".ssl", at + ".ssl", confluent, props);
        props.put("security.protocol", (sasl != null ? "SASL_" : "") + (tls ? "SSL" : "PLAINTEXT"));
        boolean autoCreate = values.bool(path + ".allow_auto_topic_creation", at + ".allow_auto_topic_creation", false);
        return new KafkaConnection(name, type, hosts, props, metadata, autoCreate);
    }

    private void socketOptions(String p, String at, Map<String, String> props) {
        props.put("send.buffer.bytes", String.valueOf(intBytes(p + ".sndbuf", at + ".sndbuf")));
        props.put("receive.buffer.bytes", String.valueOf(intBytes(p + ".recbuf", at + ".recbuf")));
        // Kafka's client always sets TCP_NODELAY and SO_KEEPALIVE; keep-alive timing comes from the OS (README).
        values.bool(p + ".nodelay", at + ".nodelay", true);
        String keepalive = values.string(p + ".tcp_keepalive", "none").trim();
        if (!keepalive.equals("none")) {
            String[] parts = keepalive.split("\\s*,\\s*");
            int[][] limits = {{1, 72000}, {1, 750}, {1, 90}};
            boolean ok = parts.length == 3;
            for (int i = 0; ok && i < 3; i++) {
                ok = parts[i].matches("\\d{1,6}") && Integer.parseInt(parts[i]) >= limits[i][0]
                        && Integer.parseInt(parts[i]) <= limits[i][1];
            }
            if (!ok) {
                throw new BridgeConfigException(at + ".tcp_keepalive: \"" + keepalive + "\" is not \"none\" or "
                        + "\"Idle,Interval,Probes\" in seconds (Idle 1..72000, Interval 1..750, Probes 1..90)");
            }
        }
    }

    private int intBytes(String path, String display) {
        long n = values.bytes(path, display, 1024 * 1024L);
        if (n < 1 || n > Integer.MAX_VALUE) {
            throw new BridgeConfigException(display + ": " + n + " bytes is not in 1..2147483647");
        }
        return (int) n;
    }

    /** Sets the SASL properties; returns the Kafka mechanism name, or null without SASL. */
    private String authentication(String p, String at, boolean confluent, Map<String, String> props) {
        if (!config.hasPath(p)) {
            if (confluent) {
                throw new BridgeConfigException(at + ": missing; Confluent needs {username = \"<API key>\", "
                        + "password = \"<API secret>\"}");
            }
            return null;
        }
        if (config.getValue(p).valueType() != ConfigValueType.OBJECT) {
            String v = values.string(p, "none");
            if (v.equals("none") && !confluent) {
                return null;
            }
            if (v.equals("msk_iam")) {
                throw mskIam(at);
            }
            throw new BridgeConfigException(at + ": \"" + v + "\" is not allowed; use none, or {mechanism = plain | "
                    + "scram_sha_256 | scram_sha_512, username, password}, or {kerberos_principal, kerberos_keytab_file}");
        }
        if (config.hasPath(p + ".kerberos_principal") || config.hasPath(p + ".kerberos_keytab_file")) {
            String principal = values.requiredString(p + ".kerberos_principal", at + ".kerberos_principal");
            String keytab = readablePath(p + ".kerberos_keytab_file", at + ".kerberos_keytab_file").toString();
            props.put("sasl.mechanism", "GSSAPI");
            props.put("sasl.kerberos.service.name", "kafka");
            props.put("sasl.jaas.config", "com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true "
                    + "storeKey=true keyTab=" + jaasQuote(keytab) + " principal=" + jaasQuote(principal) + ";");
            return "GSSAPI";
        }
        String mechanism = confluent ? values.string(p + ".mechanism", "plain")
                : values.requiredString(p + ".mechanism", at + ".mechanism");
        if (mechanism.equals("msk_iam")) {
            throw mskIam(at);
        }
        String kafkaMechanism = SCRAM_OR_PLAIN.get(mechanism);
        if (kafkaMechanism == null || (confluent && !mechanism.equals("plain"))) {
            throw new BridgeConfigException(at + ".mechanism: \"" + mechanism + "\" is not one of "
                    + (confluent ? "plain (Confluent uses API keys)" : "plain, scram_sha_256, scram_sha_512"));
        }
        String username = values.requiredString(p + ".username", at + ".username");
        String password = secret(p + ".password", at + ".password");
        String module = kafkaMechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        props.put("sasl.mechanism", kafkaMechanism);
        props.put("sasl.jaas.config", module + " required username=" + jaasQuote(username) + " password="
                + jaasQuote(password) + ";");
        return kafkaMechanism;
    }

    private static BridgeConfigException mskIam(String at) {
        return new BridgeConfigException(at + ": msk_iam is not supported: it needs AWS's aws-msk-iam-auth library, "
                + "which the bridge does not bundle; use MSK's SASL/SCRAM ({mechanism = scram_sha_512, username, "
                + "password}) or TLS client certificates (ssl.certfile/keyfile)");
    }

    /** Sets the TLS properties; returns whether TLS is on. */
    private boolean tls(String p, String at, boolean confluent, Map<String, String> props) {
        boolean enable = values.bool(p + ".enable", at + ".enable", false);
        if (confluent) {
            if (config.hasPath(p + ".enable") && !enable) {
                throw new BridgeConfigException(at + ".enable: false is not allowed; Confluent Cloud needs TLS");
            }
            enable = true;
        }
        if (!enable) {
            return false;
        }
        if (config.hasPath(p + ".cacertfile")) {
            props.put("ssl.truststore.type", "PEM");
            props.put("ssl.truststore.certificates", pem(p + ".cacertfile", at + ".cacertfile", "CERTIFICATE"));
        }
        boolean cert = config.hasPath(p + ".certfile");
        if (cert != config.hasPath(p + ".keyfile")) {
            throw new BridgeConfigException(at + ": set both certfile and keyfile for a client certificate, or neither");
        }
        if (cert) {
            props.put("ssl.keystore.type", "PEM");
            props.put("ssl.keystore.certificate.chain", pem(p + ".certfile", at + ".certfile", "CERTIFICATE"));
            props.put("ssl.keystore.key", privateKey(p + ".keyfile", at + ".keyfile"));
            if (config.hasPath(p + ".password")) {
                props.put("ssl.key.password", secret(p + ".password", at + ".password"));
            }
        }
        // EMQX's default is verify_none (its Confluent connector even fixes it); ours is verify_peer with the JVM's
        // trusted CAs unless cacertfile names others: secure by default, and the README lists the difference.
        String verify = values.string(p + ".verify", "verify_peer");
        if (!verify.equals("verify_peer") && !verify.equals("verify_none")) {
            throw new BridgeConfigException(at + ".verify: \"" + verify + "\" is not one of verify_peer, verify_none");
        }
        String sni = values.string(p + ".server_name_indication", "auto").trim();
        if (sni.isEmpty()) {
            throw new BridgeConfigException(at + ".server_name_indication: \"\" is not auto, disable or a host name");
        }
        if (verify.equals("verify_none") || !sni.equals("auto")) {
            props.put("ssl.engine.factory.class", BridgeSslEngineFactory.class.getName());
            props.put(BridgeSslEngineFactory.VERIFY_PEER, String.valueOf(verify.equals("verify_peer")));
            props.put(BridgeSslEngineFactory.SERVER_NAME_INDICATION, sni);
        }
        if (verify.equals("verify_none")) {
            props.put("ssl.endpoint.identification.algorithm", "");
            LOG.warn("{}.verify = verify_none: the brokers' certificates and host names are not checked", at);
        }
        List<String> versions = stringList(p + ".versions");
        if (!versions.isEmpty()) {
            List<String> protocols = new ArrayList<>();
            for (String v : versions) {
                String protocol = TLS_VERSIONS.get(v.toLowerCase(Locale.ROOT));
                if (protocol == null) {
                    throw new BridgeConfigException(at + ".versions: \"" + v + "\" is not one of tlsv1.3, tlsv1.2, "
                            + "tlsv1.1, tlsv1");
                }
                protocols.add(protocol);
            }
            props.put("ssl.enabled.protocols", String.join(",", protocols));
            props.put("ssl.protocol", protocols.get(0).equals("TLSv1.3") ? "TLSv1.3" : "TLSv1.2");
        }
        List<String> ciphers = stringList(p + ".ciphers");
        for (String c : ciphers) {
            if (!c.startsWith("TLS_")) {
                throw new BridgeConfigException(at + ".ciphers: \"" + c + "\" is an OpenSSL name; Java needs the "
                        + "IANA name, e.g. TLS_AES_256_GCM_SHA384 or TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
            }
        }
        if (!ciphers.isEmpty()) {
            props.put("ssl.cipher.suites", String.join(",", ciphers));
        }
        return true;
    }

    private List<String> stringList(String path) {
        if (!config.hasPath(path)) {
            return List.of();
        }
        if (config.getValue(path).valueType() == ConfigValueType.LIST) {
            return config.getStringList(path).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
        return List.of(values.string(path, "").split("\\s*,\\s*")).stream().filter(s -> !s.isEmpty()).toList();
    }

    private String pem(String path, String display, String kind) {
        String text = readText(readablePath(path, display), display);
        if (!text.contains("-----BEGIN " + kind + "-----")) {
            throw new BridgeConfigException(display + ": " + values.string(path, "") + " holds no PEM "
                    + kind.toLowerCase(Locale.ROOT) + " (-----BEGIN " + kind + "-----)");
        }
        return text;
    }

    private String privateKey(String path, String display) {
        String text = readText(readablePath(path, display), display);
        if (text.contains("-----BEGIN RSA PRIVATE KEY-----") || text.contains("-----BEGIN EC PRIVATE KEY-----")) {
            throw new BridgeConfigException(display + ": " + values.string(path, "") + " is a PKCS#1/SEC1 key; Kafka's "
                    + "client reads PKCS#8: convert it with openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
        }
        if (!text.contains("-----BEGIN PRIVATE KEY-----") && !text.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----")) {
            throw new BridgeConfigException(display + ": " + values.string(path, "") + " holds no PEM private key "
                    + "(-----BEGIN PRIVATE KEY-----)");
        }
        return text;
    }

    private String secret(String path, String display) {
        return Secrets.resolve(display, values.requiredString(path, display), baseDir);
    }

    private Path readablePath(String path, String display) {
        String raw = values.requiredString(path, display);
        Path file = baseDir.resolve(raw).normalize();
        if (!Files.isReadable(file)) {
            throw new BridgeConfigException(display + ": \"" + raw + "\" does not exist or is not readable (resolved to "
                    + file + ")");
        }
        return file;
    }

    private static String readText(Path file, String display) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BridgeConfigException(display + ": " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
    }

    private Duration positive(String path, String display, Duration dflt) {
        Duration d = values.duration(path, dflt);
        if (d.isNegative() || d.isZero()) {
            throw new BridgeConfigException(display + ": " + d.toMillis() + "ms must be positive");
        }
        return d;
    }

    /** JAAS option values are double-quoted; backslashes and quotes inside are escaped. */
    private static String jaasQuote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    static String normaliseHosts(String key, String hosts) {
        List<String> out = new ArrayList<>();
        for (String h : hosts.split(",")) {
            String host = h.trim().replaceFirst("^[a-zA-Z]+://", "");
            if (host.isEmpty() || !host.matches("^[^:\\s]+(:\\d+)?$")) {
                throw new BridgeConfigException(key + ": \"" + hosts
                        + "\" is not a comma-separated list of host:port");
            }
            out.add(host.contains(":") ? host : host + ":9092");
        }
        return String.join(",", out);
    }
}
