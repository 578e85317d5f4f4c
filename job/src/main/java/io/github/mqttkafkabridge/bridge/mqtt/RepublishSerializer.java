package io.github.mqttkafkabridge.bridge.mqtt;

import io.github.mqttkafkabridge.bridge.config.RepublishAction;
import io.github.mqttkafkabridge.bridge.value.EventSchema;
import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RenderException;
import io.github.mqttkafkabridge.bridge.value.RenderInput;
import io.github.mqttkafkabridge.bridge.value.Template;
import io.github.mqttkafkabridge.bridge.value.Template.MissingPolicy;
import io.github.mqttkafkabridge.mqtt.sink.MqttOutboundMessage;
import io.github.mqttkafkabridge.mqtt.sink.MqttSerializationSchema;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * EMQX's republish: topic and payload are templates (a missing variable renders {@code undefined}, an empty
 * payload means {@code ${.}}); qos and retain are literals or one {@code ${var}}, 0 and false when missing;
 * {@code user_properties} is one placeholder resolving to an object ({@code ${pub_props.'User-Property'}} keeps
 * the original pairs, repeated keys included); {@code mqtt_properties} values are templates, and a value that
 * is not a valid number for {@code Payload-Format-Indicator} or {@code Message-Expiry-Interval} leaves that
 * property out, as EMQX does.
 */
public final class RepublishSerializer implements MqttSerializationSchema<JsonNode> {
    private static final long serialVersionUID = 1L;

    private final RepublishAction action;
    private final String publishedByRule;
    /** {@code user_properties} is EMQX's {@code ${pub_props.'User-Property'}}: copy the original pairs. */
    private final boolean copiesUserProperties;

    /**
     * @param publishedByRule the id of an MQTT-sourced rule (or of a Kafka action whose fallback republishes),
     *     stamped into the user property {@link EventSchema#REPUBLISHED_BY} so the rules feeding it can skip
     *     their own messages; null for none
     */
    public RepublishSerializer(RepublishAction action, String publishedByRule) {
        this.action = action;
        this.publishedByRule = publishedByRule;
        this.copiesUserProperties = action.userProperties() != null && isUserPropertyObject(action.userProperties());
    }

    @Override
    public MqttOutboundMessage serialize(JsonNode output) {
        RenderInput input = new RenderInput(output);
        MissingPolicy missing = action.missing();
        String topic = action.topic().render(input, missing);
        byte[] payload = action.payload().isEmpty() ? input.bytes() : action.payload().renderBytes(input, missing);
        Map<String, Template> props = action.mqttProperties();
        Long formatIndicator = number(props.get("Payload-Format-Indicator"), input);
        String correlation = text(props.get("Correlation-Data"), input);
        return new MqttOutboundMessage(topic, payload, qos(input), retain(input),
                userProperties(input), text(props.get("Content-Type"), input),
                formatIndicator == null || formatIndicator < 0 || formatIndicator > 1 ? null : formatIndicator == 1,
                number(props.get("Message-Expiry-Interval"), input), text(props.get("Response-Topic"), input),
                correlation == null ? null : correlation.getBytes(StandardCharsets.UTF_8));
    }

    private List<Map.Entry<String, String>> userProperties(RenderInput input) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        if (publishedByRule != null) {
            out.add(Map.entry(EventSchema.REPUBLISHED_BY, publishedByRule));
        }
        for (Map.Entry<String, Template> e : action.userPropertyTemplates().entrySet()) {
            try {
                out.add(Map.entry(e.getKey(), e.getValue().render(input, MissingPolicy.FAIL)));
            } catch (RenderException missing) {
                // A property whose value is missing from the rule output is left out.
            }
        }
        if (action.userProperties() == null) {
            return out;
        }
        JsonNode v = action.userProperties().lookupSingle(input);
        if (v != null && v.isTextual()) {
            v = Json.tryParse(v.textValue());
        }
        JsonNode pairs = copiesUserProperties && input.tree() != null
                ? input.tree().path("pub_props").get("User-Property-Pairs") : null;
        if (pairs != null && pairs.isArray()) {
            // The original user properties in order, repeated keys included.
            for (JsonNode pair : pairs) {
                // As the MQTT source writes them: {"key": ..., "value": ...}.
                if (pair.has("key") && pair.has("value")) {
                    out.add(Map.entry(Json.toText(pair.get("key")), Json.toText(pair.get("value"))));
                }
            }
        } else if (v != null && v.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = v.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                out.add(Map.entry(e.getKey(), Json.toText(e.getValue())));
            }
        }
        return out;
    }

    private static boolean isUserPropertyObject(Template t) {
        String s = t.source().replace(" ", "");
        return s.equals("${pub_props.'User-Property'}") || s.equals("${.pub_props.'User-Property'}");
    }

    private String text(Template t, RenderInput input) {
        if (t == null) {
            return null;
        }
        String v = t.render(input, MissingPolicy.EMPTY);
        return v.isEmpty() ? null : v;
    }

    private Long number(Template t, RenderInput input) {
        String v = text(t, input);
        if (v == null) {
            return null;
        }
        try {
            long n = Long.parseLong(v.trim());
            return n < 0 ? null : n;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private int qos(RenderInput input) {
        JsonNode v = value(action.qos(), input);
        Double d = Json.toNumber(v);
        int qos = d == null ? 0 : d.intValue();
        return qos < 0 || qos > 2 ? 0 : qos;
    }

    private boolean retain(RenderInput input) {
        JsonNode v = value(action.retain(), input);
        return v != null && (v.asBoolean() || "true".equals(Json.toText(v)));
    }

    private static JsonNode value(Template t, RenderInput input) {
        if (t.isSingleVariable()) {
            return t.lookupSingle(input);
        }
        return Json.tryParse(t.source());
    }
}
