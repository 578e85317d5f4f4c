package io.github.mqttkafkabridge.bridge.cli;

import io.github.mqttkafkabridge.bridge.rule.udf.Json;

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
}
