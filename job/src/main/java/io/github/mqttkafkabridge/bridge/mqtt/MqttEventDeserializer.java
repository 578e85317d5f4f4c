package io.github.mqttkafkabridge.bridge.mqtt;

import io.github.mqttkafkabridge.bridge.value.EventSchema;
import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.JsonText;
import io.github.mqttkafkabridge.mqtt.common.MqttRecord;
import io.github.mqttkafkabridge.mqtt.source.MqttDeserializationSchema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.types.Row;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * An MQTT message as the {@code message.publish} row a rule sees. A subscriber does not learn the publisher's
 * client id or username; they are taken from the user properties {@code clientid} and {@code username} when
 * the publisher sets them, and are null otherwise.
 */
public final class MqttEventDeserializer implements MqttDeserializationSchema<Row> {
    private static final long serialVersionUID = 1L;

    /** The four {@code flags} objects, shared by all messages (values never change once made). */
    private static final ObjectNode[] FLAGS = {flags(false, false), flags(false, true), flags(true, false),
        flags(true, true)};

    private final String node;

    public MqttEventDeserializer(String node) {
        this.node = node;
    }

    @Override
    public Row deserialize(MqttRecord r) {
        EventSchema s = EventSchema.MQTT;
        Row row = Row.withPositions(s.columns().size());
        row.setField(s.indexOf("event"), "message.publish");
        row.setField(s.indexOf("id"), MessageIds.next());
        row.setField(s.indexOf("clientid"), userProperty(r, "clientid"));
        row.setField(s.indexOf("username"), userProperty(r, "username"));
        row.setField(s.indexOf("payload"), JsonText.ofUtf8(r.payload()));
        row.setField(s.indexOf("topic"), r.topic());
        row.setField(s.indexOf("qos"), (long) r.qos());
        row.setField(s.indexOf("flags"), FLAGS[(r.duplicate() ? 2 : 0) + (r.retained() ? 1 : 0)]);
        row.setField(s.indexOf("pub_props"), pubProps(r));
        row.setField(s.indexOf("publish_received_at"), r.receivedAtMillis());
        row.setField(s.indexOf("timestamp"), System.currentTimeMillis());
        row.setField(s.indexOf("node"), node);
        return row;
    }

    private static ObjectNode flags(boolean dup, boolean retain) {
        return Json.NODES.objectNode().put("dup", dup).put("retain", retain);
    }

    /** EMQX's printable form: User-Property as an object plus the ordered pairs, other properties by name. */
    static ObjectNode pubProps(MqttRecord r) {
        ObjectNode props = Json.NODES.objectNode();
        if (!r.userProperties().isEmpty()) {
            ObjectNode map = props.putObject("User-Property");
            ArrayNode pairs = props.putArray("User-Property-Pairs");
            for (Map.Entry<String, String> e : r.userProperties()) {
                map.put(e.getKey(), e.getValue());
                pairs.addObject().put("key", e.getKey()).put("value", e.getValue());
            }
        }
        if (r.contentType() != null) {
            props.put("Content-Type", r.contentType());
        }
        if (r.payloadFormatUtf8() != null) {
            props.put("Payload-Format-Indicator", r.payloadFormatUtf8() ? 1 : 0);
        }
        if (r.messageExpiryInterval() != null) {
            props.put("Message-Expiry-Interval", r.messageExpiryInterval());
        }
        if (r.responseTopic() != null) {
            props.put("Response-Topic", r.responseTopic());
        }
        if (r.correlationData() != null) {
            props.put("Correlation-Data", new String(r.correlationData(), StandardCharsets.UTF_8));
        }
        return props;
    }

    private static String userProperty(MqttRecord r, String key) {
        String value = null;
        for (Map.Entry<String, String> e : r.userProperties()) {
            if (e.getKey().equals(key)) {
                value = e.getValue();
            }
        }
        return value;
    }

    @Override
    public TypeInformation<Row> getProducedType() {
        return EventSchema.MQTT.rowType();
    }
}
