package io.github.mqttkafkabridge.mqtt.testutil;

import java.time.Duration;

/**
 * An MQTT broker a delivery test runs against: the in-JVM HiveMQ CE or a Mosquitto 2 process. Brokers differ in
 * what matters for delivery (Mosquitto resends a session's whole queued backlog the moment it resumes; HiveMQ
 * sends at most the client's Receive Maximum), so delivery tests run on both.
 */
public interface MqttTestBroker extends AutoCloseable {
    /** "hivemq" or "mosquitto", for names of test clients and topics. */
    String name();

    String serverUri();

    int port();

    /** The TLS listener's port; only on a broker started with certificates. */
    int tlsPort();

    /** Waits until {@code clientId} has a subscription to {@code topicFilter} (shared or not). */
    void awaitSubscription(String clientId, String topicFilter, Duration timeout) throws Exception;

    /** Waits until {@code clientId}'s session no longer has a subscription to {@code topicFilter} (as sent). */
    void awaitUnsubscription(String clientId, String topicFilter, Duration timeout) throws Exception;

    /** Drops a client's connection as a network failure would; its session stays. */
    void disconnectClient(String clientId) throws Exception;

    /** Stops the broker and starts it again on the same port; sessions survive only on a persistent broker. */
    void restart() throws Exception;

    /** Stops the broker for good (until {@link #close()}). */
    void stop() throws Exception;
}
