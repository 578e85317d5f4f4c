package io.github.mqttkafkabridge.bridge.testutil;

import io.github.mqttkafkabridge.bridge.demo.EmbeddedMqttBroker;

import java.time.Duration;

/**
 * The in-JVM HiveMQ CE as a {@link MqttTestBroker}, sending each client up to 1,024 unacknowledged messages like
 * the Mosquitto test broker ({@code max_inflight_messages 1024}) and as the README's sizing guide tells users to set
 * their broker: HiveMQ CE's own limit of 50 would cap a session at 50 messages per checkpoint interval.
 */
final class HiveMqTestBroker implements MqttTestBroker {
    static final int INFLIGHT_WINDOW = 1024;

    private final EmbeddedMqttBroker broker;
    private final int tlsPort;

    HiveMqTestBroker(boolean persistent, TestCertificates tls) throws Exception {
        EmbeddedMqttBroker.setInflightWindow(INFLIGHT_WINDOW);
        int port = Ports.free();
        if (tls != null) {
            tlsPort = Ports.free();
            broker = EmbeddedMqttBroker.startWithTls(port, new EmbeddedMqttBroker.TlsListener(tlsPort,
                    tls.brokerKeyStore, TestCertificates.PASSWORD));
        } else {
            tlsPort = -1;
            broker = persistent ? EmbeddedMqttBroker.startPersistent(port) : EmbeddedMqttBroker.start(port);
        }
    }

    @Override
    public String name() {
        return "hivemq";
    }

    @Override
    public String serverUri() {
        return broker.serverUri();
    }

    @Override
    public int port() {
        return broker.port();
    }

    @Override
    public int tlsPort() {
        return tlsPort;
    }

    @Override
    public void awaitSubscription(String clientId, String topicFilter, Duration timeout) throws Exception {
        broker.awaitSubscription(clientId, topicFilter, timeout);
    }

    @Override
    public void disconnectClient(String clientId) {
        EmbeddedMqttBroker.disconnectClient(clientId);
    }

    @Override
    public void restart() throws Exception {
        broker.restart();
    }

    @Override
    public void stop() {
        broker.stop();
    }

    @Override
    public void close() throws Exception {
        broker.close();
    }

    @Override
    public String toString() {
        return "HiveMQ CE (in-JVM)";
    }
}
