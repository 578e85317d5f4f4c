package io.github.mqttkafkabridge.mqtt.common;

import io.github.mqttkafkabridge.mqtt.source.MqttDuplicateDetection;
import io.github.mqttkafkabridge.mqtt.source.MqttSourceBuilder;

import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;

import java.time.Duration;
import java.util.List;

/**
 * The connector's options, with the key names of the bridge's {@code mqtt { ... }} block. The Table factory and
 * the bridge's configuration both turn them into the same immutable option objects here.
 */
public final class MqttOptions {
    public static final ConfigOption<String> SERVER = ConfigOptions.key("server").stringType().noDefaultValue()
            .withDescription("Broker address: host:port, tcp://host:port or ssl://host:port.");
    public static final ConfigOption<String> CLIENTID_PREFIX = ConfigOptions.key("clientid_prefix").stringType()
            .defaultValue("flink-bridge").withDescription("Client ids are <prefix>-<n>, stable across restarts.");
    public static final ConfigOption<String> USERNAME = ConfigOptions.key("username").stringType().noDefaultValue();
    public static final ConfigOption<String> PASSWORD = ConfigOptions.key("password").stringType().noDefaultValue();
    public static final ConfigOption<Duration> KEEPALIVE = ConfigOptions.key("keepalive").durationType()
            .defaultValue(Duration.ofSeconds(60));
    public static final ConfigOption<Duration> CONNECT_TIMEOUT = ConfigOptions.key("connect_timeout").durationType()
            .defaultValue(Duration.ofSeconds(10));
    public static final ConfigOption<Duration> SESSION_EXPIRY_INTERVAL = ConfigOptions.key("session_expiry_interval")
            .durationType().defaultValue(Duration.ofHours(1))
            .withDescription("How long the broker keeps a session and its unacknowledged messages while we are away.");
    public static final ConfigOption<Duration> RECONNECT_TIMEOUT = ConfigOptions.key("reconnect_timeout")
            .durationType().defaultValue(Duration.ofMinutes(2))
            .withDescription("A lost connection that does not come back within this time fails the task.");
    public static final ConfigOption<Boolean> SSL_ENABLE = ConfigOptions.key("ssl.enable").booleanType()
            .defaultValue(false);
    public static final ConfigOption<String> SSL_CACERTFILE = ConfigOptions.key("ssl.cacertfile").stringType()
            .noDefaultValue();
    public static final ConfigOption<String> SSL_CERTFILE = ConfigOptions.key("ssl.certfile").stringType()
            .noDefaultValue();
    public static final ConfigOption<String> SSL_KEYFILE = ConfigOptions.key("ssl.keyfile").stringType()
            .noDefaultValue();
    public static final ConfigOption<String> SSL_VERIFY = ConfigOptions.key("ssl.verify").stringType()
            .defaultValue("verify_peer").withDescription("verify_peer or verify_none.");
    public static final ConfigOption<Boolean> SSL_HOSTNAME_VERIFICATION = ConfigOptions.key("ssl.hostname_verification")
            .booleanType().defaultValue(true);

    public static final ConfigOption<List<String>> TOPIC_FILTERS = ConfigOptions.key("topic_filters").stringType()
            .asList().noDefaultValue().withDescription("Topic filters to subscribe to, separated by ';'.");
    public static final ConfigOption<String> SHARED_SUBSCRIPTION_GROUP = ConfigOptions
            .key("shared_subscription_group").stringType().defaultValue("flink-bridge");
    public static final ConfigOption<Integer> RECEIVE_MAXIMUM = ConfigOptions.key("receive_maximum").intType()
            .defaultValue(1024).withDescription("Messages the broker may have in flight per session (1..65535).");
    public static final ConfigOption<Integer> SESSIONS_PER_SUBTASK = ConfigOptions.key("sessions_per_subtask")
            .intType().defaultValue(1);
    public static final ConfigOption<String> DEDUP_ID = ConfigOptions.key("dedup_id").stringType()
            .defaultValue("fingerprint")
            .withDescription("fingerprint, correlation_data or user_property:<name>.");

    public static final ConfigOption<String> TOPIC = ConfigOptions.key("topic").stringType().noDefaultValue()
            .withDescription("Sink: topic for rows without a topic column.");
    public static final ConfigOption<Integer> QOS = ConfigOptions.key("qos").intType().defaultValue(1);
    public static final ConfigOption<Boolean> RETAIN = ConfigOptions.key("retain").booleanType().defaultValue(false);
    public static final ConfigOption<Integer> MAX_INFLIGHT = ConfigOptions.key("max_inflight").intType()
            .defaultValue(1024).withDescription("Sink: unacknowledged messages at most (also capped by the broker).");

    private MqttOptions() {}

    /** Broker options from the common keys; errors name the key and the value. */
    public static MqttBrokerOptions broker(ReadableConfig c) {
        String server = c.getOptional(SERVER).orElse("tcp://127.0.0.1:1883");
        MqttBrokerOptions.Builder b = MqttBrokerOptions.builder()
                .setServerUri(normaliseServer(server))
                .setClientIdPrefix(c.get(CLIENTID_PREFIX))
                .setKeepAlive(c.get(KEEPALIVE))
                .setConnectTimeout(c.get(CONNECT_TIMEOUT))
                .setSessionExpiry(c.get(SESSION_EXPIRY_INTERVAL))
                .setReconnectTimeout(c.get(RECONNECT_TIMEOUT));
        c.getOptional(USERNAME).ifPresent(b::setUsername);
        c.getOptional(PASSWORD).ifPresent(b::setPassword);
        if (c.get(SSL_ENABLE)) {
            String verify = c.get(SSL_VERIFY);
            if (!verify.equals("verify_peer") && !verify.equals("verify_none")) {
                throw new IllegalArgumentException("ssl.verify: \"" + verify + "\" is not one of verify_peer, verify_none");
            }
            b.setTls(new MqttTlsOptions(c.getOptional(SSL_CACERTFILE).orElse(null),
                    c.getOptional(SSL_CERTFILE).orElse(null), c.getOptional(SSL_KEYFILE).orElse(null),
                    verify.equals("verify_peer"), c.get(SSL_HOSTNAME_VERIFICATION)));
        }
        return b.build();
    }

    /** Applies the source keys (except the topic filters) to a source builder. */
    public static <T> MqttSourceBuilder<T> applySourceOptions(ReadableConfig c, MqttSourceBuilder<T> builder) {
        return builder.setBroker(broker(c))
                .setSharedGroup(c.get(SHARED_SUBSCRIPTION_GROUP))
                .setReceiveMaximum(c.get(RECEIVE_MAXIMUM))
                .setSessionsPerSubtask(c.get(SESSIONS_PER_SUBTASK))
                .setDuplicateDetection(MqttDuplicateDetection.parse(c.get(DEDUP_ID)));
    }

    /** EMQX writes servers as host:port; Paho wants a URI. */
    static String normaliseServer(String server) {
        if (server.contains("://")) {
            if (!server.matches("^(tcp|ssl|mqtt|mqtts)://[^/]+$")) {
                throw new IllegalArgumentException("server: \"" + server
                        + "\" is not a broker address; use host:port, tcp://host:port or ssl://host:port");
            }
            return server.replaceFirst("^mqtts://", "ssl://").replaceFirst("^mqtt://", "tcp://");
        }
        if (!server.matches("^[^:/\\s]+(:\\d+)?$")) {
            throw new IllegalArgumentException("server: \"" + server + "\" is not a broker address; use host:port");
        }
        return "tcp://" + (server.contains(":") ? server : server + ":1883");
    }
}
