package io.github.mqttkafkabridge.bridge.kafka;

import io.github.mqttkafkabridge.bridge.config.KafkaSourceSettings;
import io.github.mqttkafkabridge.bridge.config.KafkaSourceSettings.Encoding;
import io.github.mqttkafkabridge.bridge.value.EventSchema;
import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.JsonText;
import io.github.mqttkafkabridge.mqtt.common.RateLimitedWarning;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.record.TimestampType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A Kafka record as the row a {@code $bridges/kafka_consumer:<name>} rule sees: value, key, topic, offset, ts,
 * ts_type, headers (an object; a repeated key keeps the last value), plus partition, event, timestamp and node. Key and
 * value are UTF-8 text ({@code none}) or base64 text ({@code base64}); a null key or value is undefined.
 *
 * <p>Bytes that are not UTF-8 under {@code none} do not stop the job: the invalid sequences become U+FFFD, the
 * record goes on to the rules, and the source counts it in {@code invalid_utf8} and logs a (rate-limited)
 * warning that names the topic, partition and offset and suggests {@code base64}.
 */
public final class KafkaEventDeserializer implements KafkaRecordDeserializationSchema<Row> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventDeserializer.class);

    private final String sourceName;
    private final String node;
    private final Encoding keyEncoding;
    private final Encoding valueEncoding;

    private transient Counter received;
    private transient Counter invalidUtf8;
    private transient RateLimitedWarning warning;

    public KafkaEventDeserializer(KafkaSourceSettings settings, String node) {
        this.sourceName = settings.name();
        this.node = node;
        this.keyEncoding = settings.keyEncoding();
        this.valueEncoding = settings.valueEncoding();
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        received = context.getMetricGroup().counter("received");
        invalidUtf8 = context.getMetricGroup().counter("invalid_utf8");
        warning = new RateLimitedWarning(LOG);
    }

    /** Told about a key or value that is not UTF-8 under {@code none}. */
    @FunctionalInterface
    public interface InvalidUtf8Listener {
        void invalid(String what, ConsumerRecord<?, ?> record);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Row> out) {
        received.inc();
        out.collect(toRow(record, sourceName, node, keyEncoding, valueEncoding, (what, r) -> {
            invalidUtf8.inc();
            warning.warn("Source kafka_consumer:" + sourceName, "the " + what + " of " + r.topic() + "/"
                    + r.partition() + "@" + r.offset() + " is not UTF-8; invalid bytes became U+FFFD "
                    + "(set " + what + "_encoding_mode = base64 to keep binary data)");
        }));
    }

    /** The rule input row of one record (also used by {@code rule test}). */
    public static Row toRow(ConsumerRecord<byte[], byte[]> record, String sourceName, String node, Encoding keyEncoding,
                            Encoding valueEncoding, InvalidUtf8Listener listener) {
        ObjectNode headers = Json.NODES.objectNode();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8));
        }
        Row row = Row.withPositions(EventSchema.KAFKA.columns().size());
        row.setField(EventSchema.KAFKA.indexOf("value"),
                JsonText.of(decode(record.value(), valueEncoding, "value", record, listener)));
        row.setField(EventSchema.KAFKA.indexOf("ts_type"), tsType(record.timestampType()));
        row.setField(EventSchema.KAFKA.indexOf("ts"), record.timestamp());
        row.setField(EventSchema.KAFKA.indexOf("topic"), record.topic());
        row.setField(EventSchema.KAFKA.indexOf("offset"), record.offset());
        row.setField(EventSchema.KAFKA.indexOf("partition"), (long) record.partition());
        row.setField(EventSchema.KAFKA.indexOf("key"), decode(record.key(), keyEncoding, "key", record, listener));
        row.setField(EventSchema.KAFKA.indexOf("headers"), headers);
        row.setField(EventSchema.KAFKA.indexOf("event"), "$bridges/kafka_consumer:" + sourceName);
        row.setField(EventSchema.KAFKA.indexOf("timestamp"), System.currentTimeMillis());
        row.setField(EventSchema.KAFKA.indexOf("node"), node);
        return row;
    }

    private static String decode(byte[] bytes, Encoding encoding, String what, ConsumerRecord<?, ?> record,
                                 InvalidUtf8Listener listener) {
        if (bytes == null) {
            return null;
        }
        if (encoding == Encoding.BASE64) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            listener.invalid(what, record);
            return new String(bytes, StandardCharsets.UTF_8);
        }
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
