package io.github.mqttkafkabridge.bridge.kafka;

import io.github.mqttkafkabridge.bridge.rule.EventSchema;
import io.github.mqttkafkabridge.bridge.rule.udf.Json;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;

import java.nio.charset.StandardCharsets;

/**
 * A Kafka record as the row a {@code $bridges/kafka_consumer:<name>} rule sees: value, key, topic, offset, ts,
 * ts_type, headers (an object; a repeated key keeps the last value), plus event, timestamp and node.
 */
public final class KafkaEventDeserializer implements KafkaRecordDeserializationSchema<Row> {
    private static final long serialVersionUID = 1L;

    private final String sourceName;
    private final String node;

    public KafkaEventDeserializer(String sourceName, String node) {
        this.sourceName = sourceName;
        this.node = node;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Row> out) {
        ObjectNode headers = Json.NODES.objectNode();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        Row row = Row.withPositions(EventSchema.KAFKA.columns().size());
        row.setField(EventSchema.KAFKA.indexOf("value"), text(record.value()));
        row.setField(EventSchema.KAFKA.indexOf("ts_type"), tsType(record.timestampType()));
        row.setField(EventSchema.KAFKA.indexOf("ts"), record.timestamp());
        row.setField(EventSchema.KAFKA.indexOf("topic"), record.topic());
        row.setField(EventSchema.KAFKA.indexOf("offset"), record.offset());
        row.setField(EventSchema.KAFKA.indexOf("key"), text(record.key()));
        row.setField(EventSchema.KAFKA.indexOf("headers"), Json.write(headers));
        row.setField(EventSchema.KAFKA.indexOf("event"), "$bridges/kafka_consumer:" + sourceName);
        row.setField(EventSchema.KAFKA.indexOf("timestamp"), System.currentTimeMillis());
        row.setField(EventSchema.KAFKA.indexOf("node"), node);
        out.collect(row);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static String tsType(TimestampType type) {
        switch (type) {
            case CREATE_TIME:
                return "create";
            case LOG_APPEND_TIME:
                return "append";
            default:
                return null;
        }
    }

    @Override
    public TypeInformation<Row> getProducedType() {
        return EventSchema.KAFKA.rowType();
    }
}
