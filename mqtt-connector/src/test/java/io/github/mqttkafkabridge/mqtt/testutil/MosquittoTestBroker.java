package io.github.mqttkafkabridge.mqtt.testutil;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * A Mosquitto 2 process (Debian's {@code mosquitto} package) with a generated configuration in a temporary
 * directory: loopback listener, anonymous access, queues large enough for a stopped bridge, and persistence when
 * asked for. The {@code mosquitto} Maven profile sets {@value #BINARY_PROPERTY} to the binary; without it the
 * Mosquitto variants of the delivery tests are skipped and say so.
 */
final class MosquittoTestBroker implements MqttTestBroker {
    static final String BINARY_PROPERTY = "bridge.test.mosquitto";

    private final Path home;
    private final int port;
    private final int tlsPort;
    private final String binary;
    private Process process;
    /** Length of the log when the current process started: subscriptions of earlier runs do not count. */
    private int logStart;

    MosquittoTestBroker(boolean persistent, TestCertificates tls) throws Exception {
        this.binary = binary();
        if (binary == null) {
            throw new IllegalStateException("Mosquitto tests need -Pmosquitto (system property " + BINARY_PROPERTY
                    + ")");
        }
        this.home = Files.createTempDirectory("bridge-mosquitto");
        this.port = Ports.free();
        this.tlsPort = tls == null ? -1 : Ports.free();
        Files.createDirectories(home.resolve("data"));
        String tlsListener = tls == null ? "" : String.join("\n",
                "listener " + tlsPort + " 127.0.0.1",
                "certfile " + tls.brokerCertChainPem.toAbsolutePath(),
                "keyfile " + tls.brokerKeyPem.toAbsolutePath(), "");
        // Mosquitto started as root drops to user "mosquitto" unless told otherwise; stay who we are.
        Files.writeString(home.resolve("mosquitto.conf"), String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
                "persistence " + persistent,
                "persistence_location " + home.resolve("data") + "/",
                // A stopped bridge's session must keep everything published meanwhile (default: 1000).
                "max_queued_messages 1000000",
                "max_queued_bytes 0",
                // As the README's sizing guide says for the bridge (default: 20 in flight per client).
                "max_inflight_messages 1024",
                "set_tcp_nodelay true",
                "log_dest file " + home.resolve("mosquitto.log"),
                "log_type error", "log_type warning", "log_type notice", "log_type information",
                "log_type subscribe", "log_type unsubscribe",
                "user " + System.getProperty("user.name"),
                // certfile and keyfile belong to the listener line before them: the TLS listener goes last.
                tlsListener), StandardCharsets.UTF_8);
        startProcess();
    }

    /** The Mosquitto binary from the profile's system property, or null when Mosquitto tests are not enabled. */
    static String binary() {
        String b = System.getProperty(BINARY_PROPERTY);
        return b == null || b.isBlank() ? null : b;
    }

    private void startProcess() throws Exception {
        logStart = log().length();
        process = new ProcessBuilder(binary, "-c", home.resolve("mosquitto.conf").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("stdout.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mosquitto exited with " + process.exitValue() + ": "
                        + Files.readString(home.resolve("stdout.log")) + log());
            }
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("mosquitto did not listen on " + port + " within 20 s: " + log());
    }

    private String log() throws IOException {
        Path log = home.resolve("mosquitto.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    @Override
    public int tlsPort() {
        return tlsPort;
    }

    @Override
    public String name() {
        return "mosquitto";
    }

    @Override
    public String serverUri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public int port() {
        return port;
    }

    /**
     * Reads Mosquitto's subscribe log since the current process started: "{@code <time>: <client id> <qos>
     * <filter>}". A persistent broker restores subscriptions without logging them: wait before a restart.
     */
    @Override
    public void awaitSubscription(String clientId, String topicFilter, Duration timeout) throws Exception {
        if (!awaitLogEntry(parts -> parts.length == 3 && parts[0].equals(clientId) && (parts[2].equals(topicFilter)
                || parts[2].startsWith("$share/") && parts[2].endsWith("/" + topicFilter)), timeout)) {
            throw new IllegalStateException("client " + clientId + " did not subscribe to " + topicFilter + " within "
                    + timeout);
        }
    }

    /** Reads Mosquitto's unsubscribe log since the current process started: "{@code <time>: <client id> <filter>}". */
    @Override
    public void awaitUnsubscription(String clientId, String topicFilter, Duration timeout) throws Exception {
        if (!awaitLogEntry(parts -> parts.length == 2 && parts[0].equals(clientId) && parts[1].equals(topicFilter),
                timeout)) {
            throw new IllegalStateException("client " + clientId + " did not unsubscribe from " + topicFilter
                    + " within " + timeout);
        }
    }

    /** Waits for a log line, since the current process started, whose words after the time match. */
    private boolean awaitLogEntry(Predicate<String[]> entry, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : log().substring(logStart).split("\n")) {
                int colon = line.indexOf(": ");
                if (colon >= 0 && entry.test(line.substring(colon + 2).split(" "))) {
                    return true;
                }
            }
            Thread.sleep(100);
        }
        return false;
    }

    /**
     * Mosquitto has no call to drop a client, so another connection takes the session over (the broker then
     * closes the client's connection, as MQTT requires) and leaves at once without acknowledging anything: the
     * session and its unacknowledged messages stay for the client's reconnection.
     */
    @Override
    public void disconnectClient(String clientId) throws Exception {
        MqttAsyncClient thief = new MqttAsyncClient(serverUri(), clientId, new MemoryPersistence());
        thief.setManualAcks(true);
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(Duration.ofDays(1).toSeconds());
        try {
            thief.connect(o).waitForCompletion(10_000);
            thief.disconnectForcibly(0, 1_000, false);
        } finally {
            thief.close(true);
        }
    }

    @Override
    public void restart() throws Exception {
        stop();
        startProcess();
    }

    /** SIGTERM: Mosquitto writes its persistence file as it exits. */
    @Override
    public void stop() throws Exception {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Override
    public String toString() {
        return "Mosquitto 2 (process)";
    }
}
