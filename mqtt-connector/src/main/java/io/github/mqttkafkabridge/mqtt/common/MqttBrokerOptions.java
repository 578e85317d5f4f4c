package io.github.mqttkafkabridge.mqtt.common;

import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable, serializable description of how to reach an MQTT broker. Paho's own options object is not
 * serializable, so tasks rebuild it from this one on the task manager.
 */
public final class MqttBrokerOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String serverUri;
    private final String clientIdPrefix;
    private final String username;
    private final String password;
    private final Duration keepAlive;
    private final Duration connectTimeout;
    private final Duration sessionExpiry;
    private final Duration reconnectTimeout;
    private final MqttTlsOptions tls;

    private MqttBrokerOptions(Builder b) {
        this.serverUri = b.serverUri;
        this.clientIdPrefix = b.clientIdPrefix;
        this.username = b.username;
        this.password = b.password;
        this.keepAlive = b.keepAlive;
        this.connectTimeout = b.connectTimeout;
        this.sessionExpiry = b.sessionExpiry;
        this.reconnectTimeout = b.reconnectTimeout;
        this.tls = b.tls;
    }

    /** The same broker and credentials under another client id prefix (e.g. a benchmark's own sessions). */
    public MqttBrokerOptions withClientIdPrefix(String prefix) {
        Builder b = new Builder();
        b.serverUri = serverUri;
        b.clientIdPrefix = prefix;
        b.username = username;
        b.password = password;
        b.keepAlive = keepAlive;
        b.connectTimeout = connectTimeout;
        b.sessionExpiry = sessionExpiry;
        b.reconnectTimeout = reconnectTimeout;
        b.tls = tls;
        return new MqttBrokerOptions(b);
    }

    public static Builder builder() {
        return new Builder();
    }

    public String serverUri() {
        return serverUri;
    }

    public String clientIdPrefix() {
        return clientIdPrefix;
    }

    public Duration sessionExpiry() {
        return sessionExpiry;
    }

    /** How long a lost connection may take to come back before the task fails. */
    public Duration reconnectTimeout() {
        return reconnectTimeout;
    }

    /** TLS settings, or null for plain TCP. */
    public MqttTlsOptions tls() {
        return tls;
    }

    /** Paho options for one connection; {@code cleanStart=false} keeps the broker-side session across restarts. */
    public MqttConnectionOptions toPaho(boolean cleanStart, boolean persistentSession) {
        PahoDecoding.warnIfSlow();
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setServerURIs(new String[] {serverUri});
        o.setCleanStart(cleanStart);
        // Paho treats an unset expiry as 0: the session would die with the connection.
        o.setSessionExpiryInterval(persistentSession ? sessionExpiry.toSeconds() : 0L);
        o.setKeepAliveInterval((int) keepAlive.toSeconds());
        o.setConnectionTimeout((int) Math.max(1, connectTimeout.toSeconds()));
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 30);
        if (username != null) {
            o.setUserName(username);
        }
        if (password != null) {
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        if (tls != null) {
            o.setSocketFactory(MqttSocketFactories.tls(PemSslContexts.socketFactory(tls)));
            o.setHttpsHostnameVerificationEnabled(tls.verifyPeer() && tls.verifyHostname());
        } else {
            o.setSocketFactory(MqttSocketFactories.plain());
        }
        return o;
    }

    @Override
    public String toString() {
        // Never print the password.
        return "MqttBrokerOptions{server=" + serverUri + ", clientIdPrefix=" + clientIdPrefix
                + ", username=" + username + ", password=" + (password == null ? "<none>" : "******")
                + ", keepAlive=" + keepAlive + ", connectTimeout=" + connectTimeout
                + ", sessionExpiry=" + sessionExpiry + ", reconnectTimeout=" + reconnectTimeout
                + (tls == null ? "" : ", " + tls) + "}";
    }

    /** Builder with the defaults documented in the README. */
    public static final class Builder {
        private String serverUri = "tcp://127.0.0.1:1883";
        private String clientIdPrefix = "flink-bridge";
        private String username;
        private String password;
        private Duration keepAlive = Duration.ofSeconds(60);
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration sessionExpiry = Duration.ofHours(1);
        private Duration reconnectTimeout = Duration.ofMinutes(2);
        private MqttTlsOptions tls;

        public Builder setServerUri(String serverUri) {
            this.serverUri = serverUri;
            return this;
        }

        public Builder setClientIdPrefix(String clientIdPrefix) {
            this.clientIdPrefix = clientIdPrefix;
            return this;
        }

        public Builder setUsername(String username) {
            this.username = username;
            return this;
        }

        public Builder setPassword(String password) {
            this.password = password;
            return this;
        }

        public Builder setKeepAlive(Duration keepAlive) {
            this.keepAlive = keepAlive;
            return this;
        }

        public Builder setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        public Builder setSessionExpiry(Duration sessionExpiry) {
            this.sessionExpiry = sessionExpiry;
            return this;
        }

        public Builder setReconnectTimeout(Duration reconnectTimeout) {
            this.reconnectTimeout = reconnectTimeout;
            return this;
        }

        /** Turns TLS on; a {@code tcp://} server URI becomes {@code ssl://}. */
        public Builder setTls(MqttTlsOptions tls) {
            this.tls = tls;
            return this;
        }

        public MqttBrokerOptions build() {
            Objects.requireNonNull(serverUri, "server URI");
            if (!serverUri.matches("^(tcp|ssl|ws|wss)://.+")) {
                throw new IllegalArgumentException("server: \"" + serverUri
                        + "\" is not an MQTT URI; expected tcp://host:port or ssl://host:port");
            }
            if (tls != null && serverUri.startsWith("tcp://")) {
                serverUri = "ssl://" + serverUri.substring("tcp://".length());
            }
            if (clientIdPrefix == null || clientIdPrefix.isBlank()) {
                throw new IllegalArgumentException("clientid_prefix: must not be empty");
            }
            return new MqttBrokerOptions(this);
        }
    }
}
