package io.github.mqttkafkabridge.bridge.config;

import io.github.mqttkafkabridge.bridge.config.KafkaSourceSettings.Encoding;
import io.github.mqttkafkabridge.bridge.value.Template.MissingPolicy;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Kafka source parameters and republish arguments: EMQX's defaults, and mistakes that name the key. */
class KafkaSourceReaderTest {
    private static final String BASE = "mqtt.server = \"127.0.0.1:1883\"\n"
            + "connectors.kafka_consumer.kc { bootstrap_hosts = \"h:9092\" }\n";

    private static BridgeConfig parse(String text) {
        return BridgeConfigLoader.parse(BASE + text, Path.of("."));
    }

    private static KafkaSourceSettings source(String parameters) {
        return parse("sources.kafka_consumer.s { connector = kc, parameters { " + parameters + " } }\n")
                .kafkaSources().get("s");
    }

    @Test
    void emqxDefaults() {
        KafkaSourceSettings s = source("topic = t");
        assertThat(s.topics()).containsExactly("t");
        assertThat(s.groupId()).isEqualTo("emqx-kafka-consumer-s");
        assertThat(s.offsetResetPolicy()).isEqualTo(KafkaSourceSettings.OffsetResetPolicy.LATEST);
        assertThat(s.keyEncoding()).isEqualTo(Encoding.NONE);
        assertThat(s.valueEncoding()).isEqualTo(Encoding.NONE);
        assertThat(s.maxBatchBytes()).isEqualTo(896 * 1024);
        assertThat(s.maxWaitTime().toMillis()).isEqualTo(1000);
        assertThat(s.topicMappings()).isEmpty();
    }

    @Test
    void topicMappingReplacesTopicAndBecomesRules() {
        BridgeConfig config = parse("sources.kafka_consumer.s { connector = kc, parameters { topic = ignored, "
                + "topic_mapping = [{kafka_topic = a, mqtt_topic = \"m/${key}\", qos = 1}, {kafka_topic = b, "
                + "mqtt_topic = m/b, payload_template = \"${value}\"}] } }\n");
        assertThat(config.kafkaSources().get("s").topics()).containsExactly("a", "b");
        List<RuleSpec> rules = config.rules();
        assertThat(rules).extracting(RuleSpec::id).containsExactly("topic_mapping:s:0", "topic_mapping:s:1");
        assertThat(rules.get(0).sql()).isEqualTo("SELECT * FROM \"$bridges/kafka_consumer:s\" WHERE topic = 'a'");
        RepublishAction first = (RepublishAction) rules.get(0).actions().get(0);
        assertThat(first.payload().source()).isEqualTo("${.}");
        assertThat(first.qos().source()).isEqualTo("1");
        assertThat(first.missing()).isEqualTo(MissingPolicy.EMPTY);
        assertThat(((RepublishAction) rules.get(1).actions().get(0)).qos().source()).isEqualTo("0");
        assertThat(io.github.mqttkafkabridge.bridge.BridgePipeline.compileRules(config)).hasSize(2);
    }

    @Test
    void sourceMistakesNameTheKey() {
        assertThatThrownBy(() -> source("topic = t, value_encoding_mode = hex"))
                .hasMessage("sources.kafka_consumer.s.parameters.value_encoding_mode: \"hex\" is not one of none, base64");
        assertThatThrownBy(() -> source("topic = t, topic_pattern = \"x.*\""))
                .hasMessage("sources.kafka_consumer.s.parameters: set topic or topic_pattern, not both");
        assertThatThrownBy(() -> source("topic_pattern = \"x[\""))
                .hasMessageStartingWith("sources.kafka_consumer.s.parameters.topic_pattern: \"x[\" is not a regular expression");
        assertThatThrownBy(() -> source("topic = \"a,b\""))
                .hasMessageStartingWith("sources.kafka_consumer.s.parameters.topic: \"a,b\" is not a Kafka topic name");
        assertThatThrownBy(() -> source("topic_mapping = [{kafka_topic = a, mqtt_topic = m, qos = 3}]"))
                .hasMessage("sources.kafka_consumer.s.parameters.topic_mapping[0].qos: 3 is not 0, 1 or 2");
        assertThatThrownBy(() -> source("topic_mapping = [{kafka_topic = a}]"))
                .hasMessage("sources.kafka_consumer.s.parameters.topic_mapping[0].mqtt_topic: missing; this key is required");
        assertThatThrownBy(() -> source("topic_mapping = [{kafka_topic = a, mqtt_topic = m}, {kafka_topic = a, mqtt_topic = n}]"))
                .hasMessageContaining("kafka_topic \"a\" appears twice");
        assertThatThrownBy(() -> source("topic = t, max_batch_bytes = lots"))
                .hasMessageStartingWith("sources.kafka_consumer.s.parameters.max_batch_bytes: \"lots\" is not a size");
    }

    @Test
    void republishArguments() {
        String rule = "sources.kafka_consumer.s { connector = kc, parameters.topic = t }\n"
                + "rule_engine.rules.r { sql = \"SELECT * FROM \\\"$bridges/kafka_consumer:s\\\"\", actions = "
                + "[{function = republish, args = %s}] }\n";
        RepublishAction a = (RepublishAction) parse(rule.formatted("{topic = \"t/${key}\", user_properties = "
                + "\"${pub_props.'User-Property'}\", mqtt_properties = {Content-Type = \"${ct}\"}}"))
                .rules().get(0).actions().get(0);
        assertThat(a.mqttProperties()).containsOnlyKeys("Content-Type");
        assertThat(a.missing()).isEqualTo(MissingPolicy.UNDEFINED);
        RepublishAction defaults = (RepublishAction) parse(rule.formatted("{topic = t}")).rules().get(0).actions().get(0);
        assertThat(defaults.payload().source()).isEqualTo("${payload}");
        assertThat(defaults.userProperties().source()).isEqualTo("${user_properties}");

        assertThatThrownBy(() -> parse(rule.formatted("{topic = t, mqtt_properties = {Topic-Alias = \"1\"}}")))
                .hasMessage("rule_engine.rules.r.actions[0].args.mqtt_properties: \"Topic-Alias\" is not one of "
                        + "Payload-Format-Indicator, Message-Expiry-Interval, Content-Type, Response-Topic, Correlation-Data");
        assertThatThrownBy(() -> parse(rule.formatted("{topic = t, user_properties = \"a=${b}\"}")))
                .hasMessageStartingWith("rule_engine.rules.r.actions[0].args.user_properties: \"a=${b}\" must be one placeholder");
    }
}
