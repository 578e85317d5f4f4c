package io.github.mqttkafkabridge.bridge.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.types.variant.BinaryVariantInternalBuilder;
import org.apache.flink.types.variant.Variant;
import org.apache.flink.types.variant.VariantBuilder;
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

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The prototype that chose the rule value model (README, "Design notes"): the same two rules on Flink's
 * {@code VARIANT} (binary encoding, {@code org.apache.flink.types.variant}) and on a parsed tree carried in a
 * {@code RAW} column (Jackson nodes), from the event's fields to the bytes of the Kafka record value.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ValueModelBenchmark {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectReader READER = MAPPER.readerFor(JsonNode.class);
    private static final ObjectWriter WRITER = MAPPER.writer();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] TEXT_FIELDS = {"event", "id", "clientid", "payload", "topic", "node"};

    private String payload;
    private String[] texts;

    @Setup
    public void setUp() {
        StringBuilder p = new StringBuilder("{\"speed\":120,\"items\":[{\"id\":1},{\"id\":2},{\"id\":3}],\"pad\":\"");
        while (p.length() < 1020) {
            p.append('x');
        }
        payload = p.append("\"}").toString();
        texts = new String[] {"message.publish", "0006139F0A3B2C1D0000000000000001", "car-7", payload, "bench/car/7",
            "bridge@host"};
    }

    /** SELECT * and value ${.}: the event as an object, written as JSON bytes. VARIANT copies the payload in. */
    @Benchmark
    public byte[] selectStarVariant() {
        VariantBuilder b = Variant.newBuilder();
        VariantBuilder.VariantObjectBuilder o = b.object();
        for (int i = 0; i < TEXT_FIELDS.length; i++) {
            o.add(TEXT_FIELDS[i], b.of(texts[i]));
        }
        o.add("qos", b.of(1L));
        o.add("publish_received_at", b.of(1763795478123L));
        return o.build().toJson().getBytes(StandardCharsets.UTF_8);
    }

    /** The same on a tree: the payload string is referenced, not copied, and written once. */
    @Benchmark
    public byte[] selectStarTree() throws IOException {
        ObjectNode o = NODES.objectNode();
        for (int i = 0; i < TEXT_FIELDS.length; i++) {
            o.put(TEXT_FIELDS[i], texts[i]);
        }
        o.put("qos", 1L);
        o.put("publish_received_at", 1763795478123L);
        return WRITER.writeValueAsBytes(o);
    }

    /** {@code SELECT payload.speed AS s, clientid WHERE payload.speed > 100}: parse, read, build, write. */
    @Benchmark
    public byte[] pathWhereVariant() throws IOException {
        Variant p = BinaryVariantInternalBuilder.parseJson(payload, false);
        Variant speed = p.getField("speed");
        if (speed.getType() == Variant.Type.NULL || toDouble(speed) <= 100) {
            return null;
        }
        VariantBuilder b = Variant.newBuilder();
        // A field read out of a parsed VARIANT cannot be added to a new one in Flink 2.2 (MALFORMED_VARIANT): copy it.
        return b.object().add("s", b.of((long) toDouble(speed))).add("clientid", b.of("car-7")).build().toJson()
                .getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public byte[] pathWhereTree() throws IOException {
        JsonNode p = READER.readTree(payload);
        JsonNode speed = p.get("speed");
        if (speed == null || speed.doubleValue() <= 100) {
            return null;
        }
        ObjectNode o = NODES.objectNode();
        o.set("s", speed);
        o.put("clientid", "car-7");
        return WRITER.writeValueAsBytes(o);
    }

    private static double toDouble(Variant v) {
        switch (v.getType()) {
            case TINYINT:
                return v.getByte();
            case SMALLINT:
                return v.getShort();
            case INT:
                return v.getInt();
            case BIGINT:
                return v.getLong();
            case DOUBLE:
                return v.getDouble();
            case DECIMAL:
                return v.getDecimal().doubleValue();
            default:
                return Double.NaN;
        }
    }
}
