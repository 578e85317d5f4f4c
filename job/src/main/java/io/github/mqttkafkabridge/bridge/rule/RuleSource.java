package io.github.mqttkafkabridge.bridge.rule;

import io.github.mqttkafkabridge.bridge.value.EventSchema;
import java.util.List;

/** What a rule reads: MQTT messages matching topic filters, or the records of one Kafka consumer source. */
public record RuleSource(EventSchema schema, List<String> topicFilters, String kafkaSourceName) {

    static RuleSource mqtt(List<String> filters) {
        return new RuleSource(EventSchema.MQTT, List.copyOf(filters), null);
    }

    static RuleSource kafka(String sourceName) {
        return new RuleSource(EventSchema.KAFKA, List.of(), sourceName);
    }

    public boolean isMqtt() {
        return schema == EventSchema.MQTT;
    }
}
