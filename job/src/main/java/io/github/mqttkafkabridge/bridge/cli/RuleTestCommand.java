package io.github.mqttkafkabridge.bridge.cli;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.tester.RuleTestCase;
import io.github.mqttkafkabridge.bridge.tester.RuleTester;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rule test}: runs rules on sample messages through the job's compiled Flink SQL and prints one JSON line
 * per input: {@code {"outputs": [...]}} or {@code {"error": "..."}}.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Run rules on sample messages through the same compiled Flink SQL as the job.")
final class RuleTestCommand implements Callable<Integer> {
    @Mixin
    RuleSqlInput sqlInput;

    @Option(names = "--topic", defaultValue = "t/1", description = "MQTT topic of the sample message")
    String topic;

    @Option(names = "--payload", defaultValue = "", description = "Payload of the sample message")
    String payload;

    @Option(names = "--qos", defaultValue = "1", description = "QoS of the sample message")
    int qos;

    @Option(names = "--user-property", description = "k=v, repeatable")
    List<String> userProperties = new ArrayList<>();

    @Option(names = "--input", description = "File with one JSON object per line: {\"sql\":...,\"topic\":...,"
            + "\"payload\":...} or {\"sql\":...,\"kafka\":{...}}")
    Path input;

    @Override
    public Integer call() throws Exception {
        List<RuleTestCase> cases = new ArrayList<>();
        List<ObjectNode> lineErrors = new ArrayList<>();
        if (input != null) {
            readInput(cases, lineErrors);
        } else {
            String sql = sqlInput.read();
            if (sql == null) {
                throw new IllegalArgumentException("give --sql, --sql-file or --input");
            }
            List<Map.Entry<String, String>> props = new ArrayList<>();
            for (String kv : userProperties) {
                int eq = kv.indexOf('=');
                if (eq < 1) {
                    throw new IllegalArgumentException("--user-property: \"" + kv + "\" is not k=v");
                }
                props.add(new AbstractMap.SimpleImmutableEntry<>(kv.substring(0, eq), kv.substring(eq + 1)));
            }
            cases.add(new RuleTestCase(sql, topic, payload, qos, props, null));
            lineErrors.add(null);
        }
        List<ObjectNode> results = RuleTester.run(StreamExecutionEnvironment.getExecutionEnvironment(), cases);
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        int next = 0;
        for (ObjectNode lineError : lineErrors) {
            out.println(Json.write(lineError != null ? lineError : results.get(next++)));
        }
        return 0;
    }

    private void readInput(List<RuleTestCase> cases, List<ObjectNode> lineErrors) throws IOException {
        int lineNo = 0;
        for (String line : Files.readAllLines(input, StandardCharsets.UTF_8)) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode json = Json.tryParse(line);
                if (json == null) {
                    throw new IllegalArgumentException("not JSON");
                }
                cases.add(RuleTestCase.fromJson(json));
                lineErrors.add(null);
            } catch (IllegalArgumentException e) {
                lineErrors.add(Json.NODES.objectNode().put("error", input + " line " + lineNo + ": " + e.getMessage()));
            }
        }
    }
}
