package io.github.mqttkafkabridge.mqtt.table;

import io.github.mqttkafkabridge.mqtt.common.MqttRecord;

import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The columns an {@code 'connector' = 'mqtt'} table may declare, by name, and how each maps to a message.
 * Source: topic, payload (STRING or BYTES), qos, retained, received_at (TIMESTAMP_LTZ(3)), user_properties
 * (MAP&lt;STRING, STRING&gt;), content_type, response_topic, correlation_data (BYTES), message_expiry_interval.
 * Sink: topic, payload, qos, retain, user_properties, content_type, response_topic, correlation_data,
 * message_expiry_interval.
 */
final class MqttTableColumns {
    static final List<String> SOURCE = List.of("topic", "payload", "qos", "retained", "received_at", "user_properties",
            "content_type", "response_topic", "correlation_data", "message_expiry_interval");
    static final List<String> SINK = List.of("topic", "payload", "qos", "retain", "user_properties", "content_type",
            "response_topic", "correlation_data", "message_expiry_interval");

    private MqttTableColumns() {}

    /** Checks every column's name and type; the message names the column and what is allowed. */
    static void validate(RowType row, List<String> allowed) {
        for (RowType.RowField f : row.getFields()) {
            if (!allowed.contains(f.getName())) {
                throw new ValidationException("MQTT table column '" + f.getName() + "' is not supported; allowed: "
                        + allowed);
            }
            String expected = expectedType(f.getName());
            if (!matches(f.getName(), f.getType())) {
                throw new ValidationException("MQTT table column '" + f.getName() + "' has type " + f.getType()
                        + "; expected " + expected);
            }
        }
    }

    private static String expectedType(String name) {
        switch (name) {
            case "payload":
                return "STRING or BYTES";
            case "qos":
                return "INT";
            case "retained":
            case "retain":
                return "BOOLEAN";
            case "received_at":
                return "TIMESTAMP_LTZ(3)";
            case "user_properties":
                return "MAP<STRING, STRING>";
            case "correlation_data":
                return "BYTES";
            case "message_expiry_interval":
                return "BIGINT";
            default:
                return "STRING";
        }
    }

    private static boolean matches(String name, LogicalType t) {
        LogicalTypeRoot root = t.getTypeRoot();
        switch (name) {
            case "payload":
                return t.is(LogicalTypeFamily.CHARACTER_STRING) || t.is(LogicalTypeFamily.BINARY_STRING);
            case "qos":
                return root == LogicalTypeRoot.INTEGER;
            case "retained":
            case "retain":
                return root == LogicalTypeRoot.BOOLEAN;
            case "received_at":
                return root == LogicalTypeRoot.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
            case "user_properties":
                return root == LogicalTypeRoot.MAP
                        && ((MapType) t).getKeyType().is(LogicalTypeFamily.CHARACTER_STRING)
                        && ((MapType) t).getValueType().is(LogicalTypeFamily.CHARACTER_STRING);
            case "correlation_data":
                return t.is(LogicalTypeFamily.BINARY_STRING);
            case "message_expiry_interval":
                return root == LogicalTypeRoot.BIGINT;
            default:
                return t.is(LogicalTypeFamily.CHARACTER_STRING);
        }
    }

    /** The value of a source column for one received message, in Flink's internal representation. */
    static Object sourceValue(String name, LogicalType type, MqttRecord r) {
        switch (name) {
            case "topic":
                return StringData.fromString(r.topic());
            case "payload":
                return type.is(LogicalTypeFamily.BINARY_STRING) ? r.payload() : StringData.fromBytes(r.payload());
            case "qos":
                return r.qos();
            case "retained":
                return r.retained();
            case "received_at":
                return TimestampData.fromEpochMillis(r.receivedAtMillis());
            case "user_properties":
                Map<Object, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, String> e : r.userProperties()) {
                    map.put(StringData.fromString(e.getKey()), StringData.fromString(e.getValue()));
                }
                return new GenericMapData(map);
            case "content_type":
                return r.contentType() == null ? null : StringData.fromString(r.contentType());
            case "response_topic":
                return r.responseTopic() == null ? null : StringData.fromString(r.responseTopic());
            case "correlation_data":
                return r.correlationData();
            case "message_expiry_interval":
                return r.messageExpiryInterval();
            default:
                throw new IllegalStateException("unknown column " + name);
        }
    }

    /** User properties from a MAP&lt;STRING, STRING&gt; column. */
    static List<Map.Entry<String, String>> userProperties(MapData map) {
        List<Map.Entry<String, String>> props = new ArrayList<>();
        if (map == null) {
            return props;
        }
        for (int i = 0; i < map.size(); i++) {
            StringData k = map.keyArray().getString(i);
            StringData v = map.valueArray().isNullAt(i) ? null : map.valueArray().getString(i);
            if (k != null && v != null) {
                props.add(new AbstractMap.SimpleImmutableEntry<>(k.toString(), v.toString()));
            }
        }
        return props;
    }

    static int index(RowType row, String name) {
        return row.getFieldNames().indexOf(name);
    }

    static String string(RowData row, int index) {
        return index < 0 || row.isNullAt(index) ? null : row.getString(index).toString();
    }
}
