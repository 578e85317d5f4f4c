package io.github.mqttkafkabridge.mqtt.table;

import io.github.mqttkafkabridge.mqtt.sink.MqttOutboundMessage;
import io.github.mqttkafkabridge.mqtt.sink.MqttSerializationSchema;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.RowType;

/** A row as the message to publish; columns that are absent or null fall back to the table's options. */
final class RowDataMqttSerializer implements MqttSerializationSchema<RowData> {
    private static final long serialVersionUID = 1L;

    private final RowType rowType;
    private final String defaultTopic;
    private final int defaultQos;
    private final boolean defaultRetain;

    RowDataMqttSerializer(RowType rowType, String defaultTopic, int defaultQos, boolean defaultRetain) {
        this.rowType = rowType;
        this.defaultTopic = defaultTopic;
        this.defaultQos = defaultQos;
        this.defaultRetain = defaultRetain;
    }

    @Override
    public MqttOutboundMessage serialize(RowData row) {
        String topic = MqttTableColumns.string(row, index("topic"));
        if (topic == null) {
            topic = defaultTopic;
        }
        if (topic == null) {
            throw new IllegalArgumentException("MQTT sink row has no topic and the table sets no 'topic' option");
        }
        int p = index("payload");
        byte[] payload = p < 0 || row.isNullAt(p) ? new byte[0]
                : rowType.getTypeAt(p).is(LogicalTypeFamily.BINARY_STRING) ? row.getBinary(p)
                : row.getString(p).toBytes();
        int q = index("qos");
        int r = index("retain");
        int up = index("user_properties");
        int ct = index("content_type");
        int rt = index("response_topic");
        int cd = index("correlation_data");
        int mei = index("message_expiry_interval");
        return new MqttOutboundMessage(topic, payload,
                q < 0 || row.isNullAt(q) ? defaultQos : row.getInt(q),
                r < 0 || row.isNullAt(r) ? defaultRetain : row.getBoolean(r),
                MqttTableColumns.userProperties(up < 0 || row.isNullAt(up) ? null : row.getMap(up)),
                MqttTableColumns.string(row, ct), null,
                mei < 0 || row.isNullAt(mei) ? null : row.getLong(mei),
                MqttTableColumns.string(row, rt),
                cd < 0 || row.isNullAt(cd) ? null : row.getBinary(cd));
    }

    private int index(String name) {
        return MqttTableColumns.index(rowType, name);
    }
}
