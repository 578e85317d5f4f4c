package io.github.mqttkafkabridge.bridge.cli;

import io.github.mqttkafkabridge.mqtt.testutil.Ports;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's first command: {@code demo} brings up everything in one JVM; within its run telemetry reaches
 * Kafka, commands come back over MQTT (exit code 0 means both happened) and the web UI shows the job.
 */
class DemoCommandITCase {

    @Test
    void demoRunsTheWholeLoopWithTheWebUi() throws Exception {
        int webUi = Ports.free();
        PrintStream stdout = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> BridgeCli.commandLine().execute(
                    "demo", "--seconds", "30", "--mqtt-port", String.valueOf(Ports.free()),
                    "--web-ui-port", String.valueOf(webUi), "--conf", "../conf/demo.conf"));

            String overview = awaitRunningJob(webUi, Duration.ofSeconds(60));
            assertThat(overview).contains("mqtt-kafka-bridge (demo)");
            assertThat(exit.get()).as("telemetry reached Kafka and commands came back over MQTT").isZero();
        } finally {
            System.setOut(stdout);
        }
        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(output).contains("[kafka] vehicle-telemetry").contains("[mqtt]  vehicles/VIN0001/commands")
                .contains("Demo summary:");
    }

    private static String awaitRunningJob(int port, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/jobs/overview")).build(),
                        HttpResponse.BodyHandlers.ofString());
                last = r.body();
                if (r.statusCode() == 200 && last.contains("\"RUNNING\"")) {
                    return last;
                }
            } catch (java.io.IOException notUpYet) {
                // the mini cluster is still starting
            }
            Thread.sleep(250);
        }
        throw new AssertionError("web UI on port " + port + " did not show a running job; last answer: " + last);
    }
}
