package io.github.mqttkafkabridge.bridge.cli;

import io.github.mqttkafkabridge.bridge.testutil.BridgeTestEnvironment;
import io.github.mqttkafkabridge.bridge.value.Json;

import com.fasterxml.jackson.databind.JsonNode;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code rule test} as a user runs it, on the cases in {@code rule-cases/*.jsonl} (each line has "expected"). */
class RuleTestCommandITCase {
    /** {@code rule test} runs on {@code getExecutionEnvironment()}: inside a test, this MiniCluster. */
    @RegisterExtension
    static final BridgeTestEnvironment ENV = BridgeTestEnvironment.builder().miniCluster(2).build();

    @ParameterizedTest
    @ValueSource(strings = {"walking-skeleton.jsonl", "rule-engine.jsonl"})
    void everyCaseGivesItsExpectedOutput(String file) throws Exception {
        Path cases = Path.of("src/test/resources/rule-cases", file);
        List<String> output = run("rule", "test", "--input", cases.toString());

        List<String> inputs = Files.readAllLines(cases, StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isBlank()).toList();
        assertThat(output).hasSameSizeAs(inputs);
        SoftAssertions softly = new SoftAssertions();
        for (int i = 0; i < inputs.size(); i++) {
            JsonNode input = Json.read(inputs.get(i));
            softly.assertThat(Json.read(output.get(i))).as("line %d: %s", i + 1, input.get("sql").asText())
                    .isEqualTo(input.get("expected"));
        }
        softly.assertAll();
    }

    @Test
    void singleMessageModeGivesTheMessagePublishShape(@TempDir Path dir) throws Exception {
        List<String> output = run("rule", "test", "--sql", "SELECT * FROM \"t/#\"", "--topic", "t/1",
                "--payload", "{ \"msg\": \"Hello Kafka\" }", "--qos", "1", "--user-property", "foo=bar");

        assertThat(output).hasSize(1);
        JsonNode out = Json.read(output.get(0)).get("outputs").get(0);
        assertThat(out.get("event").asText()).isEqualTo("message.publish");
        assertThat(out.get("topic").asText()).isEqualTo("t/1");
        assertThat(out.get("payload").asText()).isEqualTo("{ \"msg\": \"Hello Kafka\" }");
        assertThat(out.get("qos").asInt()).isEqualTo(1);
        assertThat(out.get("flags")).isEqualTo(Json.read("{\"dup\":false,\"retain\":false}"));
        assertThat(out.get("pub_props")).isEqualTo(Json.read(
                "{\"User-Property\":{\"foo\":\"bar\"},\"User-Property-Pairs\":[{\"key\":\"foo\",\"value\":\"bar\"}]}"));
        assertThat(out.get("id").asText()).matches("[0-9a-f]{32}");
        assertThat(out.get("publish_received_at").isIntegralNumber()).isTrue();
        assertThat(out.get("timestamp").isIntegralNumber()).isTrue();
    }

    @Test
    void badInputLinesAreReportedInPlace(@TempDir Path dir) throws Exception {
        Path input = dir.resolve("in.jsonl");
        Files.writeString(input, "not json\n{\"sql\": \"SELECT topic FROM \\\"t/#\\\"\", \"topic\": \"t/2\"}\n"
                + "{\"payload\": \"no sql\"}\n");
        List<String> output = run("rule", "test", "--input", input.toString());
        assertThat(output).hasSize(3);
        assertThat(Json.read(output.get(0)).get("error").asText()).endsWith("line 1: not JSON");
        assertThat(Json.read(output.get(1))).isEqualTo(Json.read("{\"outputs\":[{\"topic\":\"t/2\"}]}"));
        assertThat(Json.read(output.get(2)).get("error").asText()).contains("\"sql\" is missing");
    }

    private static List<String> run(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int exit;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = BridgeCli.commandLine().execute(args);
        } finally {
            System.setOut(stdout);
        }
        assertThat(exit).isZero();
        List<String> lines = new ArrayList<>();
        for (String l : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!l.isBlank()) {
                lines.add(l);
            }
        }
        return lines;
    }
}
