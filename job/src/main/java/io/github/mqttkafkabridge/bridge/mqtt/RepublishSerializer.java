package io.github.mqttkafkabridge.bridge.mqtt;

import io.github.mqttkafkabridge.bridge.config.RepublishAction;
import io.github.mqttkafkabridge.bridge.rule.udf.Json;
import io.github.mqttkafkabridge.bridge.template.RenderInput;
import io.github.mqttkafkabridge.bridge.template.Template;
import io.github.mqttkafkabridge.bridge.template.Template.MissingPolicy;
import io.github.mqttkafkabridge.mqtt.sink.MqttOutboundMessage;
import io.github.mqttkafkabridge.mqtt.sink.MqttSerializationSchema;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * EMQX's republish: topic and payload are templates (a missing variable renders {@code undefined}, an empty
 * payload means {@code ${.}}); qos and retain are literals or one {@code ${var}}, 0 and false when missing.
 */
public final class RepublishSerializer implements MqttSerializationSchema<String> {
    private static final long serialVersionUID = 1L;

    private final RepublishAction action;

    public RepublishSerializer(RepublishAction action) {
        this.action = action;
    }

    @Override
    public MqttOutboundMessage serialize(String output) {
        RenderInput input = new RenderInput(output);
        String topic = action.topic().render(input, MissingPolicy.UNDEFINED);
        String payload = action.payload().isEmpty() ? output : action.payload().render(input, MissingPolicy.UNDEFINED);
        return new MqttOutboundMessage(topic, payload.getBytes(StandardCharsets.UTF_8), qos(input),
                retain(input), List.of());
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
