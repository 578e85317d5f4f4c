package io.github.mqttkafkabridge.bridge.mqtt;

import io.github.mqttkafkabridge.bridge.value.EventSchema;
import io.github.mqttkafkabridge.mqtt.source.MqttDuplicateDetection;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * De-duplication by the id publishers stamp ({@code mqtt.dedup_id = "user_property:<name>"} or
 * {@code correlation_data}) in Flink keyed state, after the MQTT source. With several MQTT sessions in a shared
 * subscription, the broker may hand a cut session's unacknowledged messages to another member, whose own
 * de-duplication does not know them; keyed by the publisher's id, a redelivery meets the state of the first
 * delivery wherever it arrives. The state is checkpointed with the Kafka transactions, so a message recorded here
 * is one Kafka has (or will have once the checkpoint completes), and it expires after the broker's session
 * expiry, after which the broker no longer redelivers. A message without the id passes unchanged (at-least-once).
 */
public final class PublisherIdDeduplication {
    private static final int TOPIC = EventSchema.MQTT.indexOf("topic");
    private static final int PUB_PROPS = EventSchema.MQTT.indexOf("pub_props");
    private static final int PAYLOAD = EventSchema.MQTT.indexOf("payload");

    private PublisherIdDeduplication() {}

    /** {@code messages} with the redeliveries of a message already seen dropped; operator {@code mqtt-dedup}. */
    public static DataStream<Row> apply(DataStream<Row> messages, MqttDuplicateDetection detection,
                                        Duration sessionExpiry, TypeInformation<Row> rowType) {
        return messages.keyBy(new IdKey(detection), Types.LONG)
                .process(new DropSeen(detection, sessionExpiry)).returns(rowType)
                .name("mqtt-dedup").uid("mqtt-dedup");
    }

    /** The publisher's id of a message as an MQTT source row, or null. */
    static Long publisherId(MqttDuplicateDetection detection, Row row) {
        String topic = (String) row.getField(TOPIC);
        JsonNode props = (JsonNode) row.getField(PUB_PROPS);
        List<Map.Entry<String, String>> userProperties = new ArrayList<>();
        byte[] correlation = null;
        if (props != null) {
            for (JsonNode pair : props.path("User-Property-Pairs")) {
                userProperties.add(new AbstractMap.SimpleImmutableEntry<>(pair.path("key").asText(),
                        pair.path("value").asText()));
            }
            JsonNode c = props.get("Correlation-Data");
            correlation = c == null ? null : c.asText().getBytes(StandardCharsets.UTF_8);
        }
        return detection.publisherId(topic, userProperties, correlation);
    }

    /** The publisher's id, or for a message without one a hash of its topic and payload (it is not de-duplicated). */
    static final class IdKey implements KeySelector<Row, Long> {
        private static final long serialVersionUID = 1L;
        private final MqttDuplicateDetection detection;

        IdKey(MqttDuplicateDetection detection) {
            this.detection = detection;
        }

        @Override
        public Long getKey(Row row) {
            Long id = publisherId(detection, row);
            if (id != null) {
                return id;
            }
            JsonNode payload = (JsonNode) row.getField(PAYLOAD);
            return (long) Objects.hash(row.getField(TOPIC), payload == null ? null : payload.asText());
        }
    }

    /** Forwards the first delivery of each id and drops the others, counting them in {@code duplicatesDropped}. */
    static final class DropSeen extends KeyedProcessFunction<Long, Row, Row> {
        private static final long serialVersionUID = 1L;
        private final MqttDuplicateDetection detection;
        private final Duration ttl;
        private transient ValueState<Boolean> seen;
        private transient Counter dropped;

        DropSeen(MqttDuplicateDetection detection, Duration ttl) {
            this.detection = detection;
            this.ttl = ttl;
        }

        @Override
        public void open(OpenContext openContext) {
            ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
            descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
                    .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                    .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                    .build());
            seen = getRuntimeContext().getState(descriptor);
            dropped = getRuntimeContext().getMetricGroup().counter("duplicatesDropped");
        }

        @Override
        public void processElement(Row row, Context ctx, Collector<Row> out) throws Exception {
            if (publisherId(detection, row) == null) {
                out.collect(row);
                return;
            }
            if (seen.value() != null) {
                dropped.inc();
                return;
            }
            seen.update(Boolean.TRUE);
            out.collect(row);
        }
    }
}
