package io.github.mqttkafkabridge.bridge.config;

import io.github.mqttkafkabridge.bridge.value.Template;
import io.github.mqttkafkabridge.bridge.value.Template.MissingPolicy;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * {@code {function = republish, args = {...}}}. {@code topic} and {@code payload} are templates whose missing
 * variables render as {@code missing} ({@code undefined} for republish, empty for a legacy {@code topic_mapping});
 * {@code qos} and {@code retain} are literals or single {@code ${var}} templates; {@code userProperties} is a
 * single placeholder resolving to an object (or null for none), or (ours) {@code userPropertyTemplates} names
 * each property with a template; {@code mqttProperties} maps EMQX's property names to templates.
 */
public record RepublishAction(Template topic, Template payload, Template qos, Template retain, Template userProperties,
                              Map<String, Template> userPropertyTemplates, Map<String, Template> mqttProperties,
                              MissingPolicy missing)
        implements RuleAction, Serializable {

    /** The MQTT 5 properties {@code mqtt_properties} may set, as EMQX allows. */
    public static final List<String> MQTT_PROPERTIES = List.of("Payload-Format-Indicator", "Message-Expiry-Interval",
            "Content-Type", "Response-Topic", "Correlation-Data");

    public RepublishAction {
        mqttProperties = Map.copyOf(mqttProperties);
        // Ordered: user properties keep their configured order.
        userPropertyTemplates = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(userPropertyTemplates));
    }

    /** A legacy {@code topic_mapping} entry as a republish: payload and topic render missing values empty. */
    public static RepublishAction topicMapping(KafkaSourceSettings.TopicMapping m) {
        return new RepublishAction(Template.parse(m.mqttTopic()), Template.parse(m.payloadTemplate()),
                Template.parse(String.valueOf(m.qos())), Template.parse("false"), null, Map.of(), Map.of(),
                MissingPolicy.EMPTY);
    }
}
