package io.github.mqttkafkabridge.bridge.demo;

import io.github.mqttkafkabridge.bridge.BridgePipeline;
import io.github.mqttkafkabridge.bridge.config.BridgeConfig;
import io.github.mqttkafkabridge.bridge.config.BridgeConfigLoader;

import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The connected-car demo: in-JVM MQTT and Kafka brokers, the bridge job from {@code conf/demo.conf}, a fleet
 * publishing telemetry, and a back end that answers speeding alerts with commands sent back over MQTT.
 */
public final class FleetDemo {
    private final Path conf;
    private final int preferredMqttPort;
    private final int vehicles;
    private final PrintStream out;
    private final CountDownLatch stop = new CountDownLatch(1);

    /** What the demo saw, for the closing line and for tests. */
    public record Summary(long published, long telemetryInKafka, long alertsInKafka, long commandsOverMqtt) {}

    public FleetDemo(Path conf, int preferredMqttPort, int vehicles, PrintStream out) {
        this.conf = conf;
        this.preferredMqttPort = preferredMqttPort;
        this.vehicles = vehicles;
        this.out = out;
    }

    /** Ends {@link #run} early (Ctrl-C). */
    public void requestStop() {
        stop.countDown();
    }

    /** Runs until {@code duration} has passed (null: until {@link #requestStop()}). */
    public Summary run(StreamExecutionEnvironment env, Duration duration) throws Exception {
        int mqttPort = portOrFree(preferredMqttPort);
        try (EmbeddedMqttBroker mqtt = EmbeddedMqttBroker.start(mqttPort);
             EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            kafka.createTopics(1, "vehicle-telemetry", "vehicle-alerts", "vehicle-commands", "vehicle-speed-stats");
            out.println("MQTT broker:  " + mqtt.serverUri() + "   (try: mosquitto_sub -p " + mqttPort
                    + " -t 'vehicles/#' -V mqttv5)");
            out.println("Kafka broker: " + kafka.bootstrapServers());
            BridgeConfig config = BridgeConfigLoader.load(conf, Map.of(
                    "mqtt.server", mqtt.serverUri(),
                    "connectors.kafka_producer.fleet-kafka.bootstrap_hosts", kafka.bootstrapServers(),
                    "connectors.kafka_consumer.fleet-kafka-in.bootstrap_hosts", kafka.bootstrapServers()));
            BridgePipeline.build(env, config);
            JobClient job = env.executeAsync("mqtt-kafka-bridge (demo)");
            out.println("Bridge job " + job.getJobID() + " submitted; rules from " + conf.toAbsolutePath().normalize());
            try (CommandPrinter printer = new CommandPrinter(mqtt.serverUri(), out);
                 FleetBackend backend = new FleetBackend(kafka.bootstrapServers(), out);
                 VehicleFleet fleet = new VehicleFleet(mqtt.serverUri(), vehicles)) {
                backend.start();
                fleet.start();
                out.println(vehicles + " vehicles are publishing to vehicles/<vin>/telemetry; Ctrl-C stops the demo.");
                if (duration == null) {
                    stop.await();
                } else {
                    stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
                }
                Summary s = new Summary(fleet.published(), backend.telemetryRecords(), backend.alertRecords(),
                        printer.received());
                out.printf("Demo summary: %d telemetry messages published, %d telemetry records and %d alerts read "
                        + "from Kafka (read_committed), %d commands received over MQTT%n", s.published(),
                        s.telemetryInKafka(), s.alertsInKafka(), s.commandsOverMqtt());
                return s;
            } finally {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static int portOrFree(int preferred) throws IOException {
        try (ServerSocket s = new ServerSocket(preferred)) {
            return preferred;
        } catch (IOException busy) {
            try (ServerSocket s = new ServerSocket(0)) {
                return s.getLocalPort();
            }
        }
    }
}
