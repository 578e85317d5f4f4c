package io.github.mqttkafkabridge.bridge.cli;

import io.github.mqttkafkabridge.bridge.demo.EmbeddedKafkaBroker;
import io.github.mqttkafkabridge.bridge.demo.EmbeddedMqttBroker;
import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.mqtt.testutil.Ports;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bench} on in-JVM brokers with a small load: both pipes deliver every message exactly once, and the
 * report and the JSON file say so (speed itself is not asserted: that is what the command is for).
 */
class BenchCommandITCase {
    @TempDir
    Path dir;

    @Test
    void benchReportsACompleteRunForTheBridgeAndTheRawPipe() throws Exception {
        Path json = dir.resolve("bench.json");
        StringWriter out = new StringWriter();
        int exit = BridgeCli.commandLine().setOut(new PrintWriter(out)).execute("bench", "--messages", "500",
                "--payload-bytes", "256", "--checkpoint-interval", "200ms", "--output", json.toString());
        String report = out.toString();
        assertThat(exit).as(report).isZero();
        assertThat(report).containsPattern("bridge .* msg/s .* missing 0  duplicated 0")
                .containsPattern("raw .* msg/s .* missing 0  duplicated 0")
                .contains("bridge / raw pipe throughput:");
        JsonNode result = Json.read(Files.readString(json));
        for (String pipe : new String[] {"bridge", "raw"}) {
            assertThat(result.at("/" + pipe + "/received").asLong()).as(pipe).isEqualTo(500);
            assertThat(result.at("/" + pipe + "/missing").asLong()).isZero();
            assertThat(result.at("/" + pipe + "/duplicated").asLong()).isZero();
            assertThat(result.at("/" + pipe + "/messagesPerSecond").asDouble()).isPositive();
            assertThat(result.at("/" + pipe + "/p99Ms").asDouble()).isPositive();
        }
        assertThat(result.get("ratio").asDouble()).isPositive();
    }

    @Test
    void benchRunsAgainstTheBrokersOfAConfigurationFile() throws Exception {
        try (EmbeddedMqttBroker mqtt = EmbeddedMqttBroker.start(Ports.free());
             EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            Path conf = dir.resolve("brokers.conf");
            Files.writeString(conf, "mqtt { server = \"" + mqtt.serverUri() + "\" }\n"
                    + "connectors.kafka_producer.k { bootstrap_hosts = \"" + kafka.bootstrapServers() + "\" }\n");
            Path json = dir.resolve("conf-bench.json");
            StringWriter out = new StringWriter();
            int exit = BridgeCli.commandLine().setOut(new PrintWriter(out)).execute("bench", "--conf", conf.toString(),
                    "--messages", "300", "--payload-bytes", "128", "--guarantee", "at_least_once", "--no-raw",
                    "--checkpoint-interval", "200ms", "--output", json.toString());
            assertThat(exit).as(out.toString()).isZero();
            JsonNode result = Json.read(Files.readString(json));
            assertThat(result.at("/bridge/received").asLong()).isEqualTo(300);
            assertThat(result.at("/bridge/missing").asLong()).isZero();
            assertThat(result.has("raw")).isFalse();
        }
    }
}
