package io.github.mqttkafkabridge.mqtt.testutil;

import com.hivemq.configuration.service.InternalConfigurations;
import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.subscription.TopicSubscription;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * HiveMQ CE (MQTT 5) inside this JVM as a {@link MqttTestBroker}: in-memory persistence, or sessions on disk across
 * {@link #restart()} when asked for, and a TLS listener when given certificates. It sends each client up to 1,024
 * unacknowledged messages like the Mosquitto test broker ({@code max_inflight_messages 1024}) and as the README's
 * sizing guide tells users to set their broker: HiveMQ CE's own limit of 50 would cap a session at 50 messages per
 * checkpoint interval. (The bridge's demo has its own copy of this set-up, {@code bridge.demo.EmbeddedMqttBroker}.)
 */
final class HiveMqTestBroker implements MqttTestBroker {
    static final int INFLIGHT_WINDOW = 1024;

    private final Path home;
    private final int port;
    private final int tlsPort;
    private EmbeddedHiveMQ hivemq;

    HiveMqTestBroker(boolean persistent, TestCertificates tls) throws Exception {
        // HiveMQ CE fixes this in an internal setting; it applies to clients connecting afterwards.
        InternalConfigurations.MAX_INFLIGHT_WINDOW_SIZE_MESSAGES = INFLIGHT_WINDOW;
        this.port = Ports.free();
        this.tlsPort = tls == null ? -1 : Ports.free();
        this.home = Files.createTempDirectory("bridge-hivemq");
        Path conf = Files.createDirectories(home.resolve("conf"));
        String tlsListener = tls == null ? "" : "<tls-tcp-listener><port>" + tlsPort + "</port>"
                + "<bind-address>127.0.0.1</bind-address><tls><keystore><path>" + tls.brokerKeyStore.toAbsolutePath()
                + "</path><password>" + TestCertificates.PASSWORD + "</password><private-key-password>"
                + TestCertificates.PASSWORD + "</private-key-password></keystore></tls></tls-tcp-listener>";
        Files.writeString(conf.resolve("config.xml"), "<?xml version=\"1.0\"?>\n<hivemq>\n"
                + "  <listeners><tcp-listener><port>" + port + "</port><bind-address>127.0.0.1</bind-address>"
                + "</tcp-listener>" + tlsListener + "</listeners>\n"
                + "  <persistence><mode>" + (persistent ? "file" : "in-memory") + "</mode></persistence>\n"
                // Sessions of a stopped bridge must keep everything published meanwhile (default: 1000).
                // Publishers may have 1000 QoS 1/2 messages in flight (default: 10).
                + "  <mqtt><queued-messages><max-queue-size>1000000</max-queue-size></queued-messages>"
                + "<receive-maximum><server-receive-maximum>1000</server-receive-maximum></receive-maximum></mqtt>\n"
                + "  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>\n"
                + "</hivemq>\n", StandardCharsets.UTF_8);
        Files.createDirectories(home.resolve("data"));
        Files.createDirectories(home.resolve("extensions"));
        startHiveMq();
    }

    private void startHiveMq() {
        hivemq = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(home.resolve("conf"))
                .withDataFolder(home.resolve("data"))
                .withExtensionsFolder(home.resolve("extensions"))
                .withEmbeddedExtension(EmbeddedExtension.builder().withId("test-probe").withName("test-probe")
                        .withVersion("1").withExtensionMain(new NoopExtension()).build())
                .withoutLoggingBootstrap()
                .build();
        hivemq.start().join();
    }

    @Override
    public String name() {
        return "hivemq";
    }

    @Override
    public String serverUri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public int tlsPort() {
        return tlsPort;
    }

    @Override
    public void awaitSubscription(String clientId, String topicFilter, Duration timeout) throws Exception {
        if (!awaitSubscriptions(clientId, subs -> subs.anyMatch(f -> f.equals(topicFilter)
                || f.endsWith("/" + topicFilter) && f.startsWith("$share/")), timeout)) {
            throw new IllegalStateException("client " + clientId + " did not subscribe to " + topicFilter + " within "
                    + timeout);
        }
    }

    @Override
    public void awaitUnsubscription(String clientId, String topicFilter, Duration timeout) throws Exception {
        if (!awaitSubscriptions(clientId, subs -> subs.noneMatch(topicFilter::equals), timeout)) {
            throw new IllegalStateException("client " + clientId + " still has a subscription to " + topicFilter
                    + " after " + timeout);
        }
    }

    /** Polls the session's subscribed filters until they satisfy {@code condition}. */
    private static boolean awaitSubscriptions(String clientId, Predicate<Stream<String>> condition, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Set<TopicSubscription> subs = Services.subscriptionStore().getSubscriptions(clientId)
                    .get(5, TimeUnit.SECONDS);
            if (condition.test(subs.stream().map(TopicSubscription::getTopicFilter))) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    /** Drops the client's connection from the broker side, as a network failure would (the session stays). */
    @Override
    public void disconnectClient(String clientId) {
        try {
            Services.clientService().disconnectClient(clientId).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not disconnect " + clientId, e);
        }
    }

    @Override
    public void restart() throws Exception {
        hivemq.stop().join();
        hivemq.close();
        startHiveMq();
    }

    @Override
    public void stop() {
        hivemq.stop().join();
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

    @Override
    public String toString() {
        return "HiveMQ CE (in-JVM)";
    }

    /** Gives the broker an extension so the extension services (subscription store, clients) are available. */
    private static final class NoopExtension implements ExtensionMain {
        @Override
        public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {}

        @Override
        public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {}
    }
}
