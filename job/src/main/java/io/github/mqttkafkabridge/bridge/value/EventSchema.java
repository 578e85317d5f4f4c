package io.github.mqttkafkabridge.bridge.value;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.RowTypeInfo;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The columns a rule sees, as typed Flink SQL columns of the input view. {@code *} selects the columns marked
 * {@code inStar}; other columns can still be named in a rule.
 */
public enum EventSchema {
    MQTT(List.of(
            col("event", Kind.TEXT, true),
            col("id", Kind.TEXT, true),
            col("clientid", Kind.TEXT, true),
            col("username", Kind.TEXT, true),
            col("payload", Kind.VALUE, true),
            col("topic", Kind.TEXT, true),
            col("qos", Kind.NUMBER, true),
            col("flags", Kind.VALUE, true),
            col("pub_props", Kind.VALUE, true),
            col("publish_received_at", Kind.NUMBER, true),
            col("timestamp", Kind.NUMBER, true),
            col("node", Kind.TEXT, true))),
    KAFKA(List.of(
            col("value", Kind.VALUE, true),
            col("ts_type", Kind.TEXT, true),
            col("ts", Kind.NUMBER, true),
            col("topic", Kind.TEXT, true),
            col("offset", Kind.NUMBER, true),
            col("key", Kind.TEXT, true),
            col("headers", Kind.VALUE, true),
            // Ours (EMQX has no partition): with topic and offset it names a record, e.g. for de-duplication.
            col("partition", Kind.NUMBER, false),
            col("event", Kind.TEXT, false),
            col("timestamp", Kind.NUMBER, false),
            col("node", Kind.TEXT, false)));

    /**
     * A column's SQL type: TEXT is STRING, NUMBER is BIGINT, VALUE a rule value ({@link RuleValueTypeInfo}: the
     * payload as {@link JsonText}, properties and headers as objects). Rule functions take all three as they are.
     */
    public enum Kind { TEXT, NUMBER, VALUE }

    /** The user property a republish adds to a message: the id of the rule that published it. */
    public static final String REPUBLISHED_BY = "bridge-republished-by";

    /** One column. */
    public record Column(String name, Kind kind, boolean inStar) {
        public TypeInformation<?> typeInfo() {
            switch (kind) {
                case NUMBER:
                    return Types.LONG;
                case VALUE:
                    return RuleValueTypeInfo.ANY;
                default:
                    return Types.STRING;
            }
        }
    }

    private final List<Column> columns;
    /** Column positions by name: the deserializers look them up for every message. */
    private final Map<String, Integer> positions = new HashMap<>();

    EventSchema(List<Column> columns) {
        this.columns = columns;
        for (int i = 0; i < columns.size(); i++) {
            positions.put(columns.get(i).name(), i);
        }
    }

    private static Column col(String name, Kind kind, boolean inStar) {
        return new Column(name, kind, inStar);
    }

    public List<Column> columns() {
        return columns;
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public int indexOf(String name) {
        Integer position = positions.get(name);
        if (position == null) {
            throw new IllegalArgumentException("no column " + name);
        }
        return position;
    }

    /** Row type of the input view, in column order. */
    public RowTypeInfo rowType() {
        TypeInformation<?>[] types = new TypeInformation<?>[columns.size()];
        String[] names = new String[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            types[i] = columns.get(i).typeInfo();
            names[i] = columns.get(i).name();
        }
        return new RowTypeInfo(types, names);
    }
}
