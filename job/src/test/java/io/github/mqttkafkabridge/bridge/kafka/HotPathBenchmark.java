package io.github.mqttkafkabridge.bridge.kafka;

import io.github.mqttkafkabridge.bridge.config.BridgeConfigLoader;
import io.github.mqttkafkabridge.bridge.config.KafkaProducerAction;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleCompare;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleExplode;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleGet;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleIsError;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleIsTrue;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleOutput;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleOnce;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleTopicMatch;
import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.JsonText;
import io.github.mqttkafkabridge.bridge.value.RenderInput;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The per-message work of the bridge outside Flink's runtime: the rule functions in the order the compiled SQL
 * calls them (see {@code rule explain}), template rendering and record serialization, for a 1 KB MQTT message.
 * Run with {@code mvn -B -pl job -am -Pjmh -DskipTests verify} (README, "Performance").
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class HotPathBenchmark {
    private final RuleTopicMatch topicMatch = new RuleTopicMatch();
    private final RuleOutput output = new RuleOutput();
    private final RuleOutput starOutput = new RuleOutput();
    private final RuleOutput metadata = new RuleOutput();
    private final RuleOutput itemOutput = new RuleOutput();
    private final RuleGet getStrict = new RuleGet(true);
    private final RuleGet get = new RuleGet(false);
    private final RuleCompare cmp = new RuleCompare();
    private final RuleOnce once = new RuleOnce();
    private final RuleIsTrue isTrue = new RuleIsTrue();
    private final RuleIsError isError = new RuleIsError();
    private final RuleExplode explode = new RuleExplode();

    private String payload;
    private KafkaProducerAction selectStarAction;
    private KafkaProducerAction templatedAction;
    private KafkaOutRecordSerializer serializer;
    private KafkaOutRecord record;
    private JsonNode ruleOutput;
    private KafkaRecordSerializationSchema.KafkaSinkContext sinkContext;
    private Blackhole sink;

    @Setup
    public void setUp(Blackhole blackhole) {
        sink = blackhole;
        StringBuilder p = new StringBuilder("{\"speed\":120,\"items\":[{\"id\":1},{\"id\":2},{\"id\":3}],\"pad\":\"");
        while (p.length() < 1020) {
            p.append('x');
        }
        payload = p.append("\"}").toString();
        String base = "mqtt.server = \"127.0.0.1:1883\"\nconnectors.kafka_producer.k.bootstrap_hosts = \"h:9092\"\n";
        selectStarAction = BridgeConfigLoader.parse(base + "actions.kafka_producer.a { connector = k, parameters { "
                + "topic = bench-out, partition_strategy = key_dispatch } }\n", Path.of(".")).kafkaActions().get("a");
        templatedAction = BridgeConfigLoader.parse(base + "actions.kafka_producer.a { connector = k, parameters { "
                + "topic = \"t-${clientid}\", message { key = \"${clientid}\", value = \"${s}\" }, "
                + "partition_strategy = key_dispatch } }\n", Path.of(".")).kafkaActions().get("a");
        serializer = new KafkaOutRecordSerializer(KafkaProducerAction.PartitionStrategy.KEY_DISPATCH);
        sinkContext = new KafkaRecordSerializationSchema.KafkaSinkContext() {
            @Override
            public int getParallelInstanceId() {
                return 0;
            }

            @Override
            public int getNumberOfParallelInstances() {
                return 1;
            }

            @Override
            public int[] getPartitionsForTopic(String topic) {
                return new int[] {0, 1, 2, 3};
            }
        };
        ruleOutput = (JsonNode) selectStar(event());
        record = KafkaActionRenderer.render(selectStarAction, new RenderInput(ruleOutput), 0L);
        explode.setCollector(new Collector<>() {
            @Override
            public void collect(Object item) {
                Object out = itemOutput.eval("id", get.eval(item, "id"));
                sink.consume(KafkaActionRenderer.render(selectStarAction, new RenderInput((JsonNode) out), 0L));
            }

            @Override
            public void close() {}
        });
    }

    /**
     * The event row the MQTT source hands to the rules (as {@code MqttEventDeserializer} builds it, from the
     * payload already decoded to a String, as the benchmark did before rule values were typed).
     */
    private Object[] event() {
        ObjectNode flags = Json.NODES.objectNode().put("dup", false).put("retain", false);
        ObjectNode pubProps = Json.NODES.objectNode();
        return new Object[] {"message.publish", "0006139F0A3B2C1D0000000000000001", "car-7", null,
            new JsonText(payload), "bench/car/7", 1L, flags, pubProps,
            1763795478123L, 1763795478123L, "bridge@host"};
    }

    /** {@code SELECT * FROM "bench/#"} as compiled: topic filter, then the output object of every column. */
    private Object selectStar(Object[] e) {
        if (!topicMatch.eval((String) e[5], "bench/#")) {
            return null;
        }
        return output.eval("*", starOutput.eval("event", e[0], "id", e[1], "clientid", e[2], "username", e[3],
                "payload", e[4], "topic", e[5], "qos", e[6], "flags", e[7], "pub_props", e[8],
                "publish_received_at", e[9], "timestamp", e[10], "node", e[11], "metadata",
                metadata.eval("rule_id", "bench")));
    }

    /** SELECT * + key ${.clientid}, value ${.}, fixed topic, then the producer record; the event built per message. */
    @Benchmark
    public ProducerRecord<byte[], byte[]> selectStarRenderSerialize() {
        KafkaOutRecord r = KafkaActionRenderer.render(selectStarAction,
                new RenderInput((JsonNode) selectStar(event())), 0L);
        return serializer.serialize(r, sinkContext, null);
    }

    /**
     * {@code SELECT payload.speed AS s, clientid FROM "t/#" WHERE payload.speed > 100} as compiled (see
     * {@code rule explain}): the shared field and the condition once, then the outcome and the output, rendered
     * with templated topic/key/value and serialized.
     */
    @Benchmark
    public ProducerRecord<byte[], byte[]> pathWhereRenderSerialize() {
        Object[] e = event();
        if (!topicMatch.eval("t/car/7", "t/#")) {
            return null;
        }
        Object s = once.eval(getStrict.eval(e[4], "speed"));
        Object condition = once.eval(cmp.eval(">", s, 100));
        Object out;
        if (isError.eval(condition)) {
            out = condition;
        } else if (!isTrue.eval(condition)) {
            return null;
        } else {
            out = output.eval("s", s, "clientid", e[2]);
        }
        KafkaOutRecord r = KafkaActionRenderer.render(templatedAction, new RenderInput((JsonNode) out), 0L);
        return serializer.serialize(r, sinkContext, null);
    }

    /** {@code FOREACH payload.items AS item DO item.id AS id FROM "t/#"}: three elements, each rendered. */
    @Benchmark
    public void foreachRender() {
        Object[] e = event();
        if (topicMatch.eval("t/car/7", "t/#")) {
            explode.eval(getStrict.eval(e[4], "items"));
        }
    }

    /** Key, value and a templated topic rendered from a ready rule output (the SELECT * output). */
    @Benchmark
    public KafkaOutRecord renderTemplates() {
        return KafkaActionRenderer.render(templatedAction, new RenderInput(ruleOutput), 0L);
    }

    /** A rendered record to a Kafka producer record. */
    @Benchmark
    public ProducerRecord<byte[], byte[]> serialize() {
        return serializer.serialize(record, sinkContext, null);
    }
}
