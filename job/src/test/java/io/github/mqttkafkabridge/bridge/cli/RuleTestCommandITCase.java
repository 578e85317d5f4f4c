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
import java.util.Set;
import java.util.TreeSet;

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

    /**
     * The assertions of EMQX's own rule-engine tests, translated into cases with EMQX's answers (see
     * {@code rule-cases/emqx/README.md}): every case gives EMQX's answer except those the README lists as
     * differences, each of which must still differ (so the list stays true), and at least 95 % agree.
     */
    @Test
    void emqxsOwnTestsGiveEmqxsAnswersExceptTheListedDifferences(@TempDir Path dir) throws Exception {
        Path casesDir = Path.of("src/test/resources/rule-cases/emqx");
        List<JsonNode> cases = new ArrayList<>();
        try (var files = Files.list(casesDir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        cases.add(Json.read(line));
                    }
                }
            }
        }
        Path all = dir.resolve("emqx.jsonl");
        Files.write(all, cases.stream().map(Json::write).toList(), StandardCharsets.UTF_8);
        List<String> output = run("rule", "test", "--input", all.toString());
        assertThat(output).hasSameSizeAs(cases);

        Set<String> differing = new TreeSet<>();
        for (int i = 0; i < cases.size(); i++) {
            JsonNode expected = cases.get(i).get("expected");
            JsonNode got = Json.read(output.get(i));
            boolean same = expected.path("error").isBoolean() ? got.has("error") : got.equals(expected);
            if (!same) {
                differing.add(cases.get(i).get("name").asText());
            }
        }
        Set<String> listed = listedDifferences(casesDir.resolve("README.md"));
        System.out.printf("EMQX's tests: %d cases, %d give EMQX's answer, %d listed differences%n", cases.size(),
                cases.size() - differing.size(), listed.size());
        assertThat(differing).as("cases that differ from EMQX: each must be listed in rule-cases/emqx/README.md")
                .isSubsetOf(listed);
        assertThat(listed).as("listed differences: each must still differ, else take it off the list")
                .isSubsetOf(differing);
        assertThat(cases.size() - differing.size()).isGreaterThanOrEqualTo((int) Math.ceil(cases.size() * 0.95));
    }

    /** The case names of the README's section of differences: lines {@code - `<name>` — reason}. */
    private static Set<String> listedDifferences(Path readme) throws Exception {
        Set<String> names = new TreeSet<>();
        boolean inSection = false;
        for (String line : Files.readAllLines(readme, StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                inSection = line.startsWith("## Cases that do not give EMQX's answer");
            } else if (inSection && line.startsWith("- `")) {
                names.add(line.substring(3, line.indexOf('`', 3)));
            }
        }
        return names;
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
