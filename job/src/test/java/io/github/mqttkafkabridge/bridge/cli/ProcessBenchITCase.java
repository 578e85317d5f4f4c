package io.github.mqttkafkabridge.bridge.cli;

import io.github.mqttkafkabridge.bridge.value.Json;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code bench --processes} as a user runs it: Mosquitto, a Kafka JVM, the bridge ({@code bridge-cli run}) and
 * the C pipe each their own process. Every message arrives once through each pipe, and the report charges each
 * pipe CPU and says where the bridge's went (speed itself is not asserted: that is what the command is for).
 * Needs Debian's mosquitto (the {@code mosquitto} profile, on in CI); the C pipe also needs mosquitto-clients and
 * kcat, and is left out of the report without them.
 */
class ProcessBenchITCase {
    @TempDir
    Path dir;

    @Test
    void everyPipeDeliversEveryMessageOnceAndIsChargedItsOwnCpu() throws Exception {
        assumeTrue(System.getProperty("bridge.test.mosquitto") != null,
                "Mosquitto is not installed: run with -Pmosquitto (Debian: apt-get install mosquitto)");
        Path json = dir.resolve("bench.json");
        StringWriter out = new StringWriter();
        int exit = BridgeCli.commandLine().setOut(new PrintWriter(out)).execute("bench", "--processes",
                "--messages", "2000", "--warmup", "1000", "--payload-bytes", "512", "--guarantee", "exactly_once",
                "--checkpoint-interval", "200ms", "--output", json.toString());
        String report = out.toString();
        assertThat(exit).as(report).isZero();
        assertThat(report).containsPattern("bridge-exactly_once .* msg/s .* missing 0  duplicated 0")
                .containsPattern("raw .* msg/s .* missing 0  duplicated 0")
                .contains("CPU µs per message by thread: ").contains("flink-task");
        JsonNode result = Json.read(Files.readString(json));
        for (String pipe : new String[] {"bridge-exactly_once", "raw"}) {
            assertThat(result.at("/" + pipe + "/received").asLong()).as(pipe).isEqualTo(2000);
            assertThat(result.at("/" + pipe + "/missing").asLong()).as(pipe).isZero();
            assertThat(result.at("/" + pipe + "/duplicated").asLong()).as(pipe).isZero();
            assertThat(result.at("/" + pipe + "/cpuMicrosPerMessage").asDouble()).as(pipe).isPositive();
        }
        assertThat(result.at("/bridge-exactly_once/cpuMicrosPerMessageByThread/flink-task").asDouble()).isPositive();
        if (result.has("c-pipe")) {
            assertThat(result.at("/c-pipe/received").asLong()).isEqualTo(2000);
            assertThat(report).contains("bridge-exactly_once / C pipe throughput:");
        }
    }
}
