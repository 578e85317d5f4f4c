package io.github.mqttkafkabridge.bridge.kafka;

import io.github.mqttkafkabridge.bridge.config.BridgeConfigLoader;
import io.github.mqttkafkabridge.bridge.config.KafkaProducerAction;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleCompare;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleExplode;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleGet;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleIsError;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleIsTrue;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleOutput;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleText;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleTopicMatch;
import io.github.mqttkafkabridge.bridge.template.RenderInput;

import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.types.Row;
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
    private final RuleText str = new RuleText();
    private final RuleOutput output = new RuleOutput();
    private final RuleGet getStrict = new RuleGet(true);
    private final RuleGet get = new RuleGet(false);
    private final RuleCompare cmp = new RuleCompare();
    private final RuleIsTrue isTrue = new RuleIsTrue();
    private final RuleIsError isError = new RuleIsError();
    private final RuleExplode explode = new RuleExplode();

    private String payload;
    private String flags;
    private String pubProps;
    private String ruleOutput;
    private KafkaProducerAction selectStarAction;
    private KafkaProducerAction templatedAction;
    private KafkaOutRecordSerializer serializer;
    private KafkaOutRecord record;
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
        flags = "{\"dup\":false,\"retain\":false}";
        pubProps = "{\"User-Property\":{},\"User-Property-Pairs\":[]}";
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
        ruleOutput = selectStar();
        record = KafkaActionRenderer.render(selectStarAction, new RenderInput(ruleOutput), 0L);
        explode.setCollector(new Collector<>() {
            @Override
            public void collect(Row row) {
                String item = (String) row.getField(0);
                String out = output.eval("[\"id\"]", get.eval(item, "\"id\""));
                sink.consume(KafkaActionRenderer.render(selectStarAction, new RenderInput(out), 0L));
            }

            @Override
            public void close() {}
        });
    }

    /** {@code SELECT * FROM "bench/#"} as compiled: topic filter, then the output object of every field. */
    private String selectStar() {
        if (!topicMatch.eval("bench/car/7", "bench/#")) {
            return null;
        }
        return output.eval("*", output.eval("[\"event\"]", str.eval("message.publish"), "[\"id\"]",
                str.eval("0006139F0A3B2C1D0000000000000001"), "[\"clientid\"]", str.eval("car-7"), "[\"username\"]",
                str.eval(null), "[\"payload\"]", str.eval(payload), "[\"topic\"]", str.eval("bench/car/7"),
                "[\"qos\"]", "1", "[\"flags\"]", flags, "[\"pub_props\"]", pubProps, "[\"publish_received_at\"]",
                "1763795478123", "[\"timestamp\"]", "1763795478123", "[\"node\"]", str.eval("bridge@host"),
                "[\"metadata\"]", "{\"rule_id\":\"bench\"}"));
    }

    /** SELECT * + key ${.clientid}, value ${.}, fixed topic, then the producer record. */
    @Benchmark
    public ProducerRecord<byte[], byte[]> selectStarRenderSerialize() {
        KafkaOutRecord r = KafkaActionRenderer.render(selectStarAction, new RenderInput(selectStar()), 0L);
        return serializer.serialize(r, sinkContext, null);
    }

    /**
     * {@code SELECT payload.speed AS s, clientid FROM "t/#" WHERE payload.speed > 100} as compiled (the CASE
     * evaluates the condition, then the output), rendered with templated topic/key/value and serialized.
     */
    @Benchmark
    public ProducerRecord<byte[], byte[]> pathWhereRenderSerialize() {
        if (!topicMatch.eval("t/car/7", "t/#")) {
            return null;
        }
        String p = str.eval(payload);
        String condition = cmp.eval(">", getStrict.eval(p, "\"speed\""), "100");
        String out;
        if (isTrue.eval(condition)) {
            out = output.eval("[\"s\"]", getStrict.eval(str.eval(payload), "\"speed\""), "[\"clientid\"]",
                    str.eval("car-7"));
        } else if (isError.eval(condition)) {
            out = condition;
        } else {
            return null;
        }
        KafkaOutRecord r = KafkaActionRenderer.render(templatedAction, new RenderInput(out), 0L);
        return serializer.serialize(r, sinkContext, null);
    }

    /** {@code FOREACH payload.items AS item DO item.id AS id FROM "t/#"}: three elements, each rendered. */
    @Benchmark
    public void foreachRender() {
        if (topicMatch.eval("t/car/7", "t/#")) {
            explode.eval(getStrict.eval(str.eval(payload), "\"items\""));
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
