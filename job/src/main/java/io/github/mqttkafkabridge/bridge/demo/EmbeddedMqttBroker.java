package io.github.mqttkafkabridge.bridge.demo;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.subscription.TopicSubscription;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** HiveMQ CE (MQTT 5) inside this JVM, in-memory persistence, for the demo and the tests. */
public final class EmbeddedMqttBroker implements AutoCloseable {
    private final Path home;
    private final int port;
    private EmbeddedHiveMQ hivemq;

    private EmbeddedMqttBroker(Path home, int port) {
        this.home = home;
        this.port = port;
    }

    /** A broker that forgets everything when stopped. */
    public static EmbeddedMqttBroker start(int port) throws IOException {
        return start(port, false, null);
    }

    /**
     * Sets how many unacknowledged QoS 1/2 messages the in-JVM broker sends each client before waiting (HiveMQ CE
     * fixes 50 in an internal setting, like EMQX's {@code mqtt.max_inflight}); applies to clients connecting
     * afterwards, in every in-JVM broker of this process. The bench uses it to measure the window's effect.
     */
    public static void setInflightWindow(int messages) {
        com.hivemq.configuration.service.InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES = messages;
    }

    /** A broker that keeps sessions and queued messages on disk across {@link #restart()}. */
    public static EmbeddedMqttBroker startPersistent(int port) throws IOException {
        return start(port, true, null);
    }

    /** A broker with a TLS listener as well, on {@code tls.port()}. */
    public static EmbeddedMqttBroker startWithTls(int port, TlsListener tls) throws IOException {
        return start(port, false, tls);
    }

    /** A TLS listener: port and a PKCS#12 key store holding the broker's key and certificate chain. */
    public record TlsListener(int port, Path keyStore, String password) {}

    private static EmbeddedMqttBroker start(int port, boolean persistent, TlsListener tls) throws IOException {
        Path home = Files.createTempDirectory("bridge-hivemq");
        Path conf = Files.createDirectories(home.resolve("conf"));
        String tlsListener = tls == null ? "" : "<tls-tcp-listener><port>" + tls.port() + "</port>"
                + "<bind-address>127.0.0.1</bind-address><tls><keystore><path>" + tls.keyStore().toAbsolutePath()
                + "</path><password>" + tls.password() + "</password><private-key-password>" + tls.password()
                + "</private-key-password></keystore></tls></tls-tcp-listener>";
        Files.writeString(conf.resolve("config.xml"), "<?xml version=\"1.0\"?>\n<hivemq>\n"
                + "  <listeners><tcp-listener><port>" + port + "</port><bind-address>127.0.0.1</bind-address>"
                + "</tcp-listener>" + tlsListener + "</listeners>\n"
                + "  <persistence><mode>" + (persistent ? "file" : "in-memory") + "</mode></persistence>\n"
                // Sessions of a stopped bridge must keep everything published meanwhile (default: 1000).
                // Publishers (devices, the bench load) may have 1000 QoS 1/2 messages in flight (default: 10).
                + "  <mqtt><queued-messages><max-queue-size>1000000</max-queue-size></queued-messages>"
                + "<receive-maximum><server-receive-maximum>1000</server-receive-maximum></receive-maximum></mqtt>\n"
                + "  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>\n"
                + "</hivemq>\n", StandardCharsets.UTF_8);
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("extensions"));
        EmbeddedMqttBroker broker = new EmbeddedMqttBroker(home, port);
        broker.startHiveMq();
        return broker;
    }

    private void startHiveMq() {
        hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(home.resolve("conf"))
                .withDataFolder(home.resolve("data"))
                .withExtensionsFolder(home.resolve("extensions"))
                .withEmbeddedExtension(EmbeddedExtension.builder().withId("bridge-probe").withName("bridge-probe")
                        .withVersion("1").withExtensionMain(new NoopExtension()).build())
                .withoutLoggingBootstrap()
                .build();
        hivemq.start().join();
    }

    /** Stops the broker; {@link #restart()} brings it back. */
    public void stop() {
        hivemq.stop().join();
    }

    /** Stops the broker (clients lose their connections) and starts it again on the same data. */
    public void restart() throws Exception {
        hivemq.stop().join();
        hivemq.close();
        startHiveMq();
    }

    public int port() {
        return port;
    }

    public String serverUri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Waits until {@code clientId} has a subscription to {@code topicFilter} (shared or not). */
    public void awaitSubscription(String clientId, String topicFilter, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Set<TopicSubscription> subs = Services.subscriptionStore().getSubscriptions(clientId)
                    .get(5, TimeUnit.SECONDS);
            if (subs.stream().anyMatch(s -> s.getTopicFilter().equals(topicFilter)
                    || s.getTopicFilter().endsWith("/" + topicFilter) && s.getTopicFilter().startsWith("$share/"))) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("client " + clientId + " did not subscribe to " + topicFilter + " within "
                + timeout);
    }

    /** Drops a client's connection from the broker side, as a network failure would (the session stays). */
    public static void disconnectClient(String clientId) {
        try {
            Services.clientService().disconnectClient(clientId).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not disconnect " + clientId, e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            hivemq.stop().join();
            hivemq.close();
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Gives the broker an extension so the extension services (subscription store) are available. */
    private static final class NoopExtension implements ExtensionMain {
        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {}

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {}
    }
}
