package io.github.mqttkafkabridge.bridge.bench;

import io.github.mqttkafkabridge.bridge.demo.EmbeddedKafkaBroker;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The brokers of a process bench, each its own process as users run them: Mosquitto (Debian's {@code mosquitto})
 * and a single-node KRaft Kafka in its own JVM.
 */
final class BrokerProcesses implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    final ChildProcess mosquitto;
    final int mosquittoPort;
    final ChildProcess kafka;
    final String kafkaBootstrap;

    private BrokerProcesses(ChildProcess mosquitto, int mosquittoPort, ChildProcess kafka, String kafkaBootstrap) {
        this.mosquitto = mosquitto;
        this.mosquittoPort = mosquittoPort;
        this.kafka = kafka;
        this.kafkaBootstrap = kafkaBootstrap;
    }

    static BrokerProcesses start(Path dir, String mosquittoExecutable) throws Exception {
        int port = Bench.freePort();
        Path conf = dir.resolve("mosquitto.conf");
        // No broker-side cap on in-flight messages (the client's Receive Maximum rules) and a deep queue, so the
        // broker never drops QoS 1 messages of a slow subscriber.
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\npersistence false\n"
                + "max_inflight_messages 0\nmax_queued_messages 10000000\nmax_queued_bytes 0\n");
        ChildProcess mosquitto = ChildProcess.start("mosquitto", dir, List.of(mosquittoExecutable, "-c", conf.toString()));
        Path bootstrapFile = dir.resolve("kafka.bootstrap");
        ChildProcess kafka = ChildProcess.startJava("kafka", dir, List.of("-Xmx2g"), KafkaMain.class.getName(), bootstrapFile.toString());
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!Files.exists(bootstrapFile) || Files.size(bootstrapFile) == 0) {
            kafka.requireAlive();
            mosquitto.requireAlive();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Kafka did not start within " + START_TIMEOUT + "; see " + kafka.log());
            }
            Thread.sleep(100);
        }
        return new BrokerProcesses(mosquitto, port, kafka, Files.readString(bootstrapFile).trim());
    }

    String mqttUri() {
        return "tcp://127.0.0.1:" + mosquittoPort;
    }

    @Override
    public void close() throws Exception {
        kafka.close();
        mosquitto.close();
    }


    /** The Kafka process: starts the broker, writes its bootstrap address to a file, runs until stdin closes. */
    public static final class KafkaMain {
        private KafkaMain() {}

        public static void main(String[] args) throws Exception {
            try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
                Path file = Path.of(args[0]);
                Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.writeString(tmp, broker.bootstrapServers());
                Files.move(tmp, file);
                while (System.in.read() >= 0) {
                    // run until the bench closes our stdin (or exits)
                }
            }
            System.exit(0);
        }
    }
}
