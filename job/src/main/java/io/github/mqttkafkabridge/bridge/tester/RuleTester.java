package io.github.mqttkafkabridge.bridge.tester;

import io.github.mqttkafkabridge.bridge.config.KafkaSourceSettings.Encoding;
import io.github.mqttkafkabridge.bridge.kafka.KafkaEventDeserializer;
import io.github.mqttkafkabridge.bridge.mqtt.MqttEventDeserializer;
import io.github.mqttkafkabridge.bridge.rule.CompiledRule;
import io.github.mqttkafkabridge.bridge.value.EventSchema;
import io.github.mqttkafkabridge.bridge.rule.RuleCompiler;
import io.github.mqttkafkabridge.bridge.rule.RuleFunctionRegistry;
import io.github.mqttkafkabridge.bridge.rule.RuleOutcome;
import io.github.mqttkafkabridge.bridge.rule.RuleSyntaxException;
import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RuleError;
import io.github.mqttkafkabridge.mqtt.common.MqttRecord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.RowTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs rules on sample messages through the same path as the job: sample messages become rows with the job's
 * own deserializers, and each rule's compiled Flink SQL runs over them, all cases in one Flink job.
 */
public final class RuleTester {
    private static final String CASE_COLUMN = "__case";
    private static final String MQTT_VIEW = "rule_test_mqtt";
    private static final String KAFKA_VIEW = "rule_test_kafka";
    private static final String NODE = "bridge@rule-test";
    /** Start of the result of a message whose evaluation failed. */
    private static final String FAILED = "evaluation failed: ";
    private static final int CASES_PER_JOB = 200;

    private RuleTester() {}

    /**
     * One result per case, in order: {@code {"outputs": [...]}} (empty when WHERE is false), or {@code {"error":
     * "..."}} when the rule does not compile or its evaluation fails on the message (EMQX's failed.exception).
     */
    public static List<ObjectNode> run(StreamExecutionEnvironment env, List<RuleTestCase> cases) throws Exception {
        // One Flink job per batch of cases: each case is a query feeding one union, whose every input needs
        // network buffers of its own, and a local cluster has a few thousand.
        List<ObjectNode> results = new ArrayList<>();
        for (int from = 0; from < cases.size(); from += CASES_PER_JOB) {
            results.addAll(runBatch(env, cases.subList(from, Math.min(cases.size(), from + CASES_PER_JOB))));
        }
        return results;
    }

    private static List<ObjectNode> runBatch(StreamExecutionEnvironment env, List<RuleTestCase> cases)
            throws Exception {
        ObjectNode[] results = new ObjectNode[cases.size()];
        List<CompiledRule> compiled = new ArrayList<>();
        List<Row> mqttRows = new ArrayList<>();
        List<Row> kafkaRows = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            RuleTestCase c = cases.get(i);
            CompiledRule rule = null;
            try {
                rule = RuleCompiler.compile("rule_test", c.sql());
                if (rule.isWindowed()) {
                    throw new IllegalArgumentException("windowed rules (GROUP BY) run in the job; rule test runs one "
                            + "message at a time and does not run them");
                }
                if (rule.source().isMqtt() == c.isKafka()) {
                    throw new IllegalArgumentException(c.isKafka()
                            ? "the rule reads MQTT topics but the input is a Kafka record"
                            : "the rule reads a Kafka source but the input has no \"kafka\" record");
                }
                (c.isKafka() ? kafkaRows : mqttRows).add(withCase(c.isKafka() ? kafkaRow(c, rule) : mqttRow(c), i));
                results[i] = Json.NODES.objectNode().set("outputs", Json.NODES.arrayNode());
            } catch (RuleSyntaxException | IllegalArgumentException e) {
                results[i] = Json.NODES.objectNode().put("error", e.getMessage());
                rule = null;
            }
            compiled.add(rule);
        }
        if (mqttRows.isEmpty() && kafkaRows.isEmpty()) {
            return Arrays.asList(results);
        }
        env.setParallelism(1);
        // As the job runs rules (BridgePipeline): rule values are handed on between operators, not copied.
        env.getConfig().enableObjectReuse();
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        RuleFunctionRegistry.registerAll(tEnv);
        if (!mqttRows.isEmpty()) {
            tEnv.createTemporaryView(MQTT_VIEW, env.fromData(mqttRows, withCaseType(EventSchema.MQTT)));
        }
        if (!kafkaRows.isEmpty()) {
            tEnv.createTemporaryView(KAFKA_VIEW, env.fromData(kafkaRows, withCaseType(EventSchema.KAFKA)));
        }
        List<DataStream<Tuple2<Integer, String>>> perCase = new ArrayList<>();
        for (int i = 0; i < cases.size(); i++) {
            CompiledRule rule = compiled.get(i);
            if (rule == null) {
                continue;
            }
            final int caseIndex = i;
            String view = rule.source().isMqtt() ? MQTT_VIEW : KAFKA_VIEW;
            DataStream<Tuple2<Integer, String>> outputs = tEnv
                    .toDataStream(rule.query(view, "`" + CASE_COLUMN + "` = " + i).toTable(tEnv))
                    .flatMap((Row row, Collector<Tuple2<Integer, String>> out) -> {
                        Object output = row.getField(0);
                        RuleOutcome outcome = RuleOutcome.of(output);
                        if (outcome == RuleOutcome.PASSED) {
                            out.collect(Tuple2.of(caseIndex, Json.write((JsonNode) output)));
                        } else if (outcome == RuleOutcome.EXCEPTION) {
                            // Not JSON text, so it cannot be taken for an output below.
                            out.collect(Tuple2.of(caseIndex, FAILED + ((RuleError) output).message()));
                        }
                    })
                    .returns(Types.TUPLE(Types.INT, Types.STRING));
            perCase.add(outputs);
        }
        // One union of every case: a chain of two-way unions nests as deep as there are cases.
        @SuppressWarnings("unchecked")
        DataStream<Tuple2<Integer, String>> all = perCase.get(0)
                .union(perCase.subList(1, perCase.size()).toArray(new DataStream[0]));
        try (CloseableIterator<Tuple2<Integer, String>> it = all.executeAndCollect("rule-test")) {
            while (it.hasNext()) {
                Tuple2<Integer, String> t = it.next();
                if (t.f1.startsWith(FAILED)) {
                    // EMQX's failed.exception: the message fails, whatever other elements gave.
                    results[t.f0] = Json.NODES.objectNode().put("error", t.f1);
                } else if (results[t.f0].has("outputs")) {
                    ((ArrayNode) results[t.f0].get("outputs")).add(Json.read(t.f1));
                }
            }
        }
        return Arrays.asList(results);
    }

    private static Row mqttRow(RuleTestCase c) {
        if (c.qos() < 0 || c.qos() > 2) {
            throw new IllegalArgumentException("\"qos\": " + c.qos() + " is not 0, 1 or 2");
        }
        MqttRecord record = new MqttRecord(c.topic(), c.payload().getBytes(StandardCharsets.UTF_8), c.qos(), false,
                false, c.userProperties(), null, null, null, null, null, System.currentTimeMillis());
        return new MqttEventDeserializer(NODE).deserialize(record);
    }

    private static Row kafkaRow(RuleTestCase c, CompiledRule rule) {
        JsonNode k = c.kafka();
        RecordHeaders headers = new RecordHeaders();
        Iterator<Map.Entry<String, JsonNode>> it = k.path("headers").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> h = it.next();
            headers.add(h.getKey(), Json.toText(h.getValue()).getBytes(StandardCharsets.UTF_8));
        }
        byte[] key = k.hasNonNull("key") ? Json.toText(k.get("key")).getBytes(StandardCharsets.UTF_8) : null;
        byte[] value = k.hasNonNull("value") ? Json.toText(k.get("value")).getBytes(StandardCharsets.UTF_8) : null;
        TimestampType type = "append".equals(k.path("ts_type").asText()) ? TimestampType.LOG_APPEND_TIME
                : TimestampType.CREATE_TIME;
        ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>(k.path("topic").asText("testtopic-out"), 0,
                k.path("offset").asLong(0), k.path("ts").asLong(System.currentTimeMillis()), type,
                key == null ? -1 : key.length, value == null ? -1 : value.length, key, value, headers, Optional.empty());
        return KafkaEventDeserializer.toRow(record, rule.source().kafkaSourceName(), NODE, Encoding.NONE, Encoding.NONE,
                (what, r) -> { });
    }

    private static Row withCase(Row row, int caseIndex) {
        Row out = Row.withPositions(row.getArity() + 1);
        for (int i = 0; i < row.getArity(); i++) {
            out.setField(i, row.getField(i));
        }
        out.setField(row.getArity(), caseIndex);
        return out;
    }

    private static RowTypeInfo withCaseType(EventSchema schema) {
        RowTypeInfo base = schema.rowType();
        TypeInformation<?>[] types = Arrays.copyOf(base.getFieldTypes(), base.getArity() + 1);
        String[] names = Arrays.copyOf(base.getFieldNames(), base.getArity() + 1);
        types[base.getArity()] = Types.INT;
        names[base.getArity()] = CASE_COLUMN;
        return new RowTypeInfo(types, names);
    }
}
