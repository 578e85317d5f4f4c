package io.github.mqttkafkabridge.bridge.rule;

import io.github.mqttkafkabridge.bridge.tester.RuleTestCase;
import io.github.mqttkafkabridge.bridge.testutil.BridgeTestEnvironment;
import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.mqtt.common.TopicFilters;
import io.github.mqttkafkabridge.mqtt.testutil.BrokerKind;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaReader;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rule-case files through the running job, as {@code RuleTestCommandITCase} runs them through {@code rule
 * test}: every MQTT case's rule in one bridge job, its sample message published to the broker, the outputs read
 * from Kafka with read_committed. To keep each rule to its own message, the test adds a user property
 * {@code rule_case} to the message, a condition on it to the rule's WHERE and a {@code rule_case} field to its
 * output (the record key), and takes both out of the outputs before comparing them with the expected ones.
 */
class RuleCasesInTheJobITCase {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);
    private static final String MARK = "rule_case";
    private static final String TOPIC = "rule-cases";

    @RegisterExtension
    static final BridgeTestEnvironment ENV = BridgeTestEnvironment.builder()
            .miniCluster(2).mqtt(BrokerKind.HIVEMQ).kafka().build();

    @Test
    void everyMqttCaseGivesItsExpectedOutputInTheJob() throws Exception {
        List<Case> cases = new ArrayList<>();
        for (String file : List.of("walking-skeleton.jsonl", "rule-engine.jsonl")) {
            List<String> lines = Files.readAllLines(Path.of("src/test/resources/rule-cases", file), StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                JsonNode line = Json.read(lines.get(i));
                RuleTestCase c = RuleTestCase.fromJson(line);
                JsonNode expected = line.path("expected");
                // A message whose evaluation fails gives nothing in Kafka; a rule that does not compile is skipped.
                boolean fails = expected.path("error").asText().startsWith("evaluation failed");
                if (c.isKafka() || !expected.has("outputs") && !fails) {
                    continue;
                }
                ArrayNode outputs = fails ? Json.NODES.arrayNode() : (ArrayNode) expected.get("outputs");
                cases.add(new Case(cases.size(), file + ":" + (i + 1), c, outputs));
            }
        }
        StringBuilder config = new StringBuilder(ENV.baseConfig("rule-cases"))
                .append("flink.checkpoint_interval = 500ms\n")
                .append("actions.kafka_producer.marked { connector = k, parameters { topic = ").append(TOPIC)
                .append(", message { key = \"${").append(MARK).append("}\", value = \"${.}\" } } }\n")
                .append("actions.kafka_producer.whole { connector = k, parameters { topic = ").append(TOPIC)
                .append(", message { key = \"${pub_props.'User-Property'.").append(MARK)
                .append("}\", value = \"${.}\" } } }\n");
        Set<String> filters = new LinkedHashSet<>();
        int expectedRecords = 0;
        for (Case c : cases) {
            CompiledRule rule = RuleCompiler.compile("case_" + c.index, c.input.sql());
            filters.addAll(rule.source().topicFilters());
            Marked marked = mark(c.input.sql(), c.index);
            config.append("rule_engine.rules.case_").append(c.index).append(" { sql = \"\"\"").append(marked.sql)
                    .append("\"\"\", actions = [\"kafka_producer:").append(marked.keyedByField ? "marked" : "whole")
                    .append("\"] }\n");
            expectedRecords += c.expected.size();
        }
        ENV.kafka().createTopics(1, TOPIC);
        ENV.startBridge("rule-cases", config.toString());
        for (String filter : TopicFilters.minimalCover(new ArrayList<>(filters))) {
            ENV.mqtt().awaitSubscription("rule-cases-0", filter, TIMEOUT);
        }

        try (MqttTestClient publisher = new MqttTestClient(ENV.mqtt().serverUri(), "rule-cases-publisher");
             KafkaReader reader = new KafkaReader(ENV.kafka().bootstrapServers(), TOPIC)) {
            for (Case c : cases) {
                List<String> props = new ArrayList<>(List.of(MARK, Integer.toString(c.index)));
                c.input.userProperties().forEach(e -> {
                    props.add(e.getKey());
                    props.add(e.getValue());
                });
                publisher.publish(c.input.topic(), c.input.payload(), c.input.qos(), props.toArray(new String[0]));
            }
            int expected = expectedRecords;
            assertThatAllArrive(reader.pollUntil(() -> reader.seen().size() >= expected, TIMEOUT), reader, expected);
            // Anything more (an output a case must not give) arrives with the next checkpoints.
            reader.pollUntil(() -> reader.seen().size() > expected, Duration.ofSeconds(3));

            Map<Integer, ArrayNode> outputs = new TreeMap<>();
            for (ConsumerRecord<byte[], byte[]> r : reader.seen()) {
                int index = Integer.parseInt(new String(r.key(), StandardCharsets.UTF_8));
                outputs.computeIfAbsent(index, k -> Json.NODES.arrayNode())
                        .add(unmarked(Json.readBytes(r.value()), cases.get(index)));
            }
            SoftAssertions softly = new SoftAssertions();
            for (Case c : cases) {
                softly.assertThat(outputs.getOrDefault(c.index, Json.NODES.arrayNode()))
                        .as("%s: %s", c.origin, c.input.sql()).isEqualTo(c.expected);
            }
            softly.assertAll();
        }
    }

    private static void assertThatAllArrive(boolean arrived, KafkaReader reader, int expected) {
        org.assertj.core.api.Assertions.assertThat(arrived)
                .as("%d outputs in Kafka; have %d", expected, reader.seen().size()).isTrue();
    }

    /**
     * An output without what the test added: the {@code rule_case} field, and the user property wherever the rule
     * copied it (the properties object, its pairs, a selected part of them).
     */
    private static JsonNode unmarked(JsonNode output, Case c) {
        scrub(output);
        if (output.get("pub_props") instanceof ObjectNode props && c.input.userProperties().isEmpty()) {
            props.remove("User-Property");
            props.remove("User-Property-Pairs");
        }
        return output;
    }

    private static void scrub(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(MARK);
            object.forEach(RuleCasesInTheJobITCase::scrub);
        } else if (node instanceof ArrayNode array) {
            for (int i = array.size() - 1; i >= 0; i--) {
                if (MARK.equals(array.get(i).path("key").asText(null))) {
                    array.remove(i);
                } else {
                    scrub(array.get(i));
                }
            }
        }
    }

    /**
     * The rule with a condition on the case's user property added to its WHERE, and (unless it is a FOREACH
     * without DO, whose output has every column already) a {@code rule_case} field.
     */
    static Marked mark(String sql, int index) {
        List<Token> tokens = RuleLexer.tokenize(sql);
        List<Integer> starts = new ArrayList<>(List.of(0));
        for (int i = 0; i < sql.length(); i++) {
            if (sql.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        int from = -1;
        int where = -1;
        int incase = -1;
        boolean hasDo = false;
        int depth = 0;
        for (Token t : tokens) {
            int offset = starts.get(t.line() - 1) + t.column() - 1;
            if (t.kind() == Token.Kind.SYMBOL) {
                depth += t.text().equals("(") || t.text().equals("[") ? 1 : t.text().equals(")") || t.text().equals("]") ? -1 : 0;
            } else if (t.kind() == Token.Kind.IDENT && depth == 0) {
                String word = t.text().toUpperCase();
                if (word.equals("FROM") && from < 0) {
                    from = offset;
                } else if (word.equals("WHERE") && from >= 0 && where < 0) {
                    where = offset + t.text().length();
                } else if (word.equals("INCASE") && from < 0) {
                    incase = offset;
                } else if (word.equals("DO") && from < 0) {
                    hasDo = true;
                }
            }
        }
        boolean foreach = tokens.get(0).text().equalsIgnoreCase("FOREACH");
        String condition = "pub_props.'User-Property'." + MARK + " = '" + index + "'";
        StringBuilder out = new StringBuilder(sql);
        if (where >= 0) {
            out.append("\n) AND ").append(condition);
            out.insert(where, " (");
        } else {
            out.append("\nWHERE ").append(condition);
        }
        boolean keyedByField = !foreach || hasDo;
        if (keyedByField) {
            int at = foreach && incase >= 0 ? incase : from;
            out.insert(at, ", pub_props.'User-Property'." + MARK + " AS " + MARK + "\n");
        }
        return new Marked(out.toString(), keyedByField);
    }

    record Marked(String sql, boolean keyedByField) {}

    record Case(int index, String origin, RuleTestCase input, ArrayNode expected) {}
}
