package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.mqtt.common.TopicFilters;

import org.apache.flink.table.functions.ScalarFunction;

/** {@code RULE_TOPIC_MATCH(topic, filter)}: MQTT topic-filter matching for the FROM clause. */
public final class RuleTopicMatch extends ScalarFunction {
    public Boolean eval(String topic, String filter) {
        return TopicFilters.matches(filter, topic);
    }
}
