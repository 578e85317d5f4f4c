package io.github.mqttkafkabridge.bridge.config;

import io.github.mqttkafkabridge.bridge.BridgePipeline;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BridgeConfigLoaderTest {
    private static final String BASE = "mqtt { server = \"127.0.0.1:1883\" }\n"
            + "connectors.kafka_producer.k { bootstrap_hosts = \"h1:9092, h2\" }\n"
            + "actions.kafka_producer.a { connector = k, parameters { topic = \"t-${payload.d}\" } }\n";

    @Test
    void shippedConfigurationLoads() {
        BridgeConfig config = BridgeConfigLoader.load(Path.of("../conf/bridge.conf"));
        assertThat(config.rules()).extracting(RuleSpec::id).containsExactly("back", "dynamic_topic", "my_rule");
        assertThat(config.rules().get(2).sql()).contains("FROM").contains("\"t/#\"");
        assertThat(config.kafkaActions().get("my_sink").key().source()).isEqualTo("${.clientid}");
        assertThat(config.kafkaSources().get("my_source").groupId()).isEqualTo("emqx-kafka-consumer-my_source");
        assertThat(BridgePipeline.compileRules(config)).hasSize(3);
        assertThat(BridgePipeline.compileRules(BridgeConfigLoader.load(Path.of("../conf/demo.conf")))).hasSize(4);
    }

    @Test
    void defaultsFollowEmqx() {
        BridgeConfig config = BridgeConfigLoader.parse(BASE, Path.of("."));
        KafkaProducerAction a = config.kafkaActions().get("a");
        assertThat(a.value().source()).isEqualTo("${.}");
        assertThat(a.timestamp().source()).isEqualTo("${.timestamp}");
        assertThat(a.deliveryGuarantee()).isEqualTo(KafkaProducerAction.DeliveryGuarantee.EXACTLY_ONCE);
        assertThat(a.connection().bootstrapHosts()).isEqualTo("h1:9092,h2:9092");
        assertThat(config.mqtt().serverUri()).isEqualTo("tcp://127.0.0.1:1883");
    }

    @Test
    void errorsNameKeyValueAndWhatIsAllowed() {
        assertThatThrownBy(() -> BridgeConfigLoader.parse(BASE
                + "actions.kafka_producer.b { connector = nope, parameters { topic = x } }", Path.of(".")))
                .hasMessage("actions.kafka_producer.b.connector: \"nope\" is not a configured "
                        + "connectors.kafka_producer entry; configured: [k]");
        assertThatThrownBy(() -> BridgeConfigLoader.parse(BASE
                + "actions.kafka_producer.a.parameters.delivery_guarantee = twice", Path.of(".")))
                .hasMessage("actions.kafka_producer.a.parameters.delivery_guarantee: \"twice\" is not one of "
                        + "exactly_once, at_least_once, none");
        assertThatThrownBy(() -> BridgeConfigLoader.parse(BASE + "flink.checkpoint_interval = soon", Path.of(".")))
                .hasMessageContaining("flink.checkpoint_interval").hasMessageContaining("soon")
                .hasMessageContaining("duration");
        assertThatThrownBy(() -> BridgeConfigLoader.parse(BASE
                + "rule_engine.rules.r { sql_file = \"missing.sql\" }", Path.of(".")))
                .hasMessageStartingWith("rule_engine.rules.r.sql_file: \"missing.sql\" cannot be read");
        assertThatThrownBy(() -> BridgeConfigLoader.parse(BASE
                + "rule_engine.rules.r { sql = \"SELECT * FROM \\\"t\\\"\", actions = [\"kafka_producer:zz\"] }",
                Path.of("."))).hasMessage("rule_engine.rules.r.actions[0]: \"kafka_producer:zz\" names no "
                        + "configured action; configured: [a]");
        assertThatThrownBy(() -> BridgeConfigLoader.parse("mqtt.server = \"http://x\"", Path.of(".")))
                .hasMessageContaining("mqtt.server").hasMessageContaining("http://x");
        assertThatThrownBy(() -> BridgeConfigLoader.parse(BASE + "rule_engine.rules.r { sql = \"SELECT * FROM "
                + "\\\"t\\\"\", actions = [{function = republish, args = {topic = t, qos = 5}}] }", Path.of(".")))
                .hasMessage("rule_engine.rules.r.actions[0].args.qos: \"5\" is not 0, 1, 2 or ${var}");
    }

    @Test
    void mqttBlockUsesTheConnectorsOptions() {
        BridgeConfig config = BridgeConfigLoader.parse(BASE + "mqtt { receive_maximum = 64, sessions_per_subtask = 2, "
                + "dedup_id = \"user_property:msg-id\", reconnect_timeout = 30s, ssl { enable = true, verify = verify_none } }",
                Path.of("."));
        assertThat(config.mqtt().serverUri()).isEqualTo("ssl://127.0.0.1:1883");
        assertThat(config.mqtt().reconnectTimeout()).hasSeconds(30);
        assertThat(config.mqtt().tls().verifyPeer()).isFalse();
        assertThat(config.mqttSource().receiveMaximum()).isEqualTo(64);
        assertThat(config.mqttSource().sessionsPerSubtask()).isEqualTo(2);
        assertThat(config.mqttSource().duplicateDetection()).hasToString("user_property:msg-id");

        assertThatThrownBy(() -> BridgeConfigLoader.parse(BASE + "mqtt.receive_maximum = 0", Path.of(".")))
                .hasMessage("mqtt.receive_maximum: 0 is not in 1..65535");
        assertThatThrownBy(() -> BridgeConfigLoader.parse(BASE + "mqtt.keepalive = soon", Path.of(".")))
                .hasMessageContaining("mqtt").hasMessageContaining("keepalive").hasMessageContaining("soon");
        assertThatThrownBy(() -> BridgeConfigLoader.parse(BASE + "mqtt.ssl { enable = true, cacertfile = nope.pem }",
                Path.of("."))).hasMessageStartingWith("mqtt.ssl.cacertfile: \"nope.pem\" does not exist");
        assertThatThrownBy(() -> BridgeConfigLoader.parse(BASE + "mqtt.ssl { enable = true, verify = maybe }",
                Path.of("."))).hasMessage("mqtt.ssl.verify: \"maybe\" is not one of verify_peer, verify_none");
    }

    @Test
    void brokenRuleIsReportedWithRuleIdLineAndColumn() {
        BridgeConfig config = BridgeConfigLoader.parse(BASE
                + "rule_engine.rules.bad { sql = \"SELECT\\n  payload.x\\nFROM \\\"$bridges/kafka_consumer:ghost\\\"\" }",
                Path.of("."));
        assertThatThrownBy(() -> BridgePipeline.compileRules(config))
                .hasMessageContaining("rule bad").hasMessageContaining("line 3, column 6")
                .hasMessageContaining("ghost");
        BridgeConfig windowed = BridgeConfigLoader.parse(BASE + "rule_engine.rules.stats { sql = \"SELECT payload.v "
                + "AS v FROM \\\"t/#\\\" GROUP BY TUMBLE('1 minute')\" }", Path.of("."));
        assertThatThrownBy(() -> BridgePipeline.compileRules(windowed))
                .hasMessageStartingWith("rule stats (rule_engine.rules.stats.sql): line 1, column 34: 'payload.v' must "
                        + "be an aggregate");
    }

    @Test
    void passwordIsNeverPrinted() {
        BridgeConfig config = BridgeConfigLoader.parse(BASE + "mqtt { username = u, password = s3cr3t }", Path.of("."));
        assertThat(config.mqtt().toString()).doesNotContain("s3cr3t").contains("******");
    }
}
