package io.github.mqttkafkabridge.bridge.cli;

import io.github.mqttkafkabridge.bridge.demo.FleetDemo;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code demo}: everything in one JVM, no install, no Docker. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start in-JVM MQTT and Kafka brokers, run the bridge with the Flink web UI, and simulate a "
                + "fleet of vehicles. Stops on Ctrl-C or after --seconds.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--seconds", description = "Stop after this many seconds (default: run until Ctrl-C)")
    Integer seconds;

    @Option(names = "--conf", description = "Demo configuration (default: conf/demo.conf of this checkout)")
    Path conf;

    @Option(names = "--mqtt-port", defaultValue = "1883", description = "MQTT port (a free one if busy; default: ${DEFAULT-VALUE})")
    int mqttPort;

    @Option(names = "--web-ui-port", defaultValue = "8081", description = "Flink web UI port (default: ${DEFAULT-VALUE})")
    int webUiPort;

    @Option(names = "--vehicles", defaultValue = "5", description = "Simulated vehicles (default: ${DEFAULT-VALUE})")
    int vehicles;

    @Override
    public Integer call() throws Exception {
        FleetDemo demo = new FleetDemo(conf != null ? conf : defaultConf(), mqttPort, vehicles, System.out);
        CountDownLatch finished = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            demo.requestStop();
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        System.out.println("Flink web UI: http://localhost:" + webUiPort);
        try {
            FleetDemo.Summary s = demo.run(LocalFlink.withWebUi(webUiPort), seconds == null ? null : Duration.ofSeconds(seconds));
            // Success means the whole loop worked: telemetry reached Kafka and commands came back over MQTT.
            return s.telemetryInKafka() > 0 && s.commandsOverMqtt() > 0 ? 0 : 1;
        } finally {
            finished.countDown();
        }
    }

    /** conf/demo.conf in the working directory, else next to the checkout this jar was built in. */
    static Path defaultConf() throws Exception {
        Path local = Path.of("conf", "demo.conf");
        if (Files.isRegularFile(local)) {
            return local;
        }
        Path jar = Path.of(DemoCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path checkout = jar.getParent() == null ? null : jar.getParent().getParent();
        if (checkout != null && checkout.getParent() != null) {
            Path candidate = checkout.getParent().resolve("conf").resolve("demo.conf");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("conf/demo.conf not found; run from the repository root or pass --conf");
    }
}
