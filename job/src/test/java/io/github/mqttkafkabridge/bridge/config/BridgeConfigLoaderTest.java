package io.github.mqttkafkabridge.bridge.config;

import io.github.mqttkafkabridge.bridge.BridgePipeline;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

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
                        + "configured action; configured: [kafka_producer:a]");
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

    @Test
    void mqttPasswordFromAFile(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        java.nio.file.Files.writeString(dir.resolve("mqtt.secret"), "from-file\n");
        BridgeConfig config = BridgeConfigLoader.parse(BASE + "mqtt { username = u, password = \"file://mqtt.secret\" }",
                dir);
        assertThat(new String(config.mqtt().toPaho(true, false).getPassword(), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("from-file");
        assertThatThrownBy(() -> BridgeConfigLoader.parse(BASE + "mqtt.password = \"file://nope\"", dir))
                .hasMessageStartingWith("mqtt.password: secret file");
    }

    @Test
    void anEmqxStyleKafkaActionLoadsWithItsParameters() {
        BridgeConfig config = BridgeConfigLoader.parse(BASE + """
                actions.kafka_producer.emqx_style {
                  enable = true
                  connector = k
                  description = "pasted from EMQX"
                  parameters {
                    topic = "device-${payload.device}"
                    message { key = "${.clientid}", value = "${.}", timestamp = "${.timestamp}" }
                    kafka_headers = "${pub_props}"
                    kafka_ext_headers = [{kafka_ext_header_key = "clientid", kafka_ext_header_value = "${clientid}"}]
                    kafka_header_value_encode_mode = json
                    partition_strategy = key_dispatch
                    compression = snappy
                    required_acks = all_isr
                    max_batch_bytes = 896KB
                    max_linger_time = 0ms
                    max_linger_bytes = 10MB
                    max_inflight = 10
                    partition_count_refresh_interval = 60s
                    query_mode = async
                    sync_query_timeout = 5s
                    buffer { mode = memory, per_partition_limit = 2GB, segment_bytes = 100MB,
                             memory_overload_protection = false }
                  }
                  resource_opts { health_check_interval = 15s }
                }
                """, Path.of("."));
        KafkaProducerAction a = config.kafkaActions().get("emqx_style");
        assertThat(a.partitionStrategy()).isEqualTo(KafkaProducerAction.PartitionStrategy.KEY_DISPATCH);
        assertThat(a.headers().jsonValues()).isTrue();
        assertThat(a.headers().extHeaders()).hasSize(1);
        assertThat(a.tuning().toProducerProperties())
                .containsEntry("compression.type", "snappy")
                .containsEntry("acks", "all")
                .containsEntry("batch.size", "917504")
                .containsEntry("linger.ms", "0")
                .containsEntry("max.in.flight.requests.per.connection", "5")
                .containsEntry("metadata.max.age.ms", "60000");
    }

    @Test
    void withoutMaxLingerTimeTheProducerLingersLongerUnderExactlyOnce() {
        String action = "actions.kafka_producer.%s { connector = k, parameters { topic = t, delivery_guarantee = %s } }\n";
        BridgeConfig config = BridgeConfigLoader.parse(BASE + action.formatted("eo", "exactly_once")
                + action.formatted("alo", "at_least_once") + action.formatted("none", "none"), Path.of("."));
        assertThat(config.kafkaActions().get("eo").tuning().toProducerProperties()).containsEntry("linger.ms", "100");
        assertThat(config.kafkaActions().get("alo").tuning().toProducerProperties()).containsEntry("linger.ms", "5");
        assertThat(config.kafkaActions().get("none").tuning().toProducerProperties()).containsEntry("linger.ms", "5");
    }

    @Test
    void kafkaActionMistakesNameTheKey() {
        String action = "actions.kafka_producer.x { connector = k, parameters { topic = t, %s } }";
        assertThatThrownBy(() -> BridgeConfigLoader.parse(BASE + action.formatted("compression = zip"), Path.of(".")))
                .hasMessage("actions.kafka_producer.x.parameters.compression: \"zip\" is not one of no_compression, "
                        + "gzip, snappy, lz4, zstd");
        assertThatThrownBy(() -> BridgeConfigLoader.parse(BASE + action.formatted("required_acks = leader_only"),
                Path.of("."))).hasMessageStartingWith("actions.kafka_producer.x.parameters.required_acks: "
                        + "\"leader_only\" cannot give delivery_guarantee = exactly_once");
        assertThatThrownBy(() -> BridgeConfigLoader.parse(BASE + action.formatted("kafka_headers = \"h-${a}\""),
                Path.of("."))).hasMessageContaining("kafka_headers: \"h-${a}\" must be a single placeholder");
        assertThatThrownBy(() -> BridgeConfigLoader.parse(BASE + action.formatted("max_batch_bytes = lots"),
                Path.of("."))).hasMessageContaining("max_batch_bytes: \"lots\" is not a size");
        assertThatThrownBy(() -> BridgeConfigLoader.parse(BASE + action.formatted(
                "partition_strategy = key_dispatch, message.key = \"\""), Path.of(".")))
                .hasMessageContaining("message.key: must not be empty with partition_strategy = key_dispatch");
    }

    @Test
    void emqxFallbackActionsLoad() {
        BridgeConfig config = BridgeConfigLoader.parse(BASE
                + "actions.kafka_producer.b { connector = k, parameters { topic = spare } }\n"
                + "actions.kafka_producer.x { connector = k, parameters { topic = t },\n"
                + "  fallback_actions = [{kind = reference, type = kafka_producer, name = b},\n"
                + "    {kind = republish, args = {topic = \"fb/${fallback.reason}\"}}] }", Path.of("."));
        List<FallbackAction> fallbacks = config.kafkaActions().get("x").fallbackActions();
        assertThat(fallbacks).hasSize(2);
        assertThat(fallbacks.get(0)).isEqualTo(new FallbackAction.Reference("kafka_producer:b"));
        assertThat(((FallbackAction.Republish) fallbacks.get(1)).republish().topic().source())
                .isEqualTo("fb/${fallback.reason}");
        assertThat(config.kafkaActions().get("a").fallbackActions()).isEmpty();
    }

    @Test
    void fallbackActionMistakesNameTheKey() {
        String action = "actions.kafka_producer.x { connector = k, parameters { topic = t }, fallback_actions = [%s] }";
        assertThatThrownBy(() -> BridgeConfigLoader.parse(BASE + action.formatted(
                "{kind = reference, type = kafka_producer, name = nope}"), Path.of(".")))
                .hasMessage("actions.kafka_producer.x.fallback_actions[0]: \"kafka_producer:nope\" names no configured "
                        + "action; configured: [kafka_producer:a, kafka_producer:x]");
        assertThatThrownBy(() -> BridgeConfigLoader.parse(BASE + action.formatted(
                "{kind = reference, type = mqtt, name = m}"), Path.of(".")))
                .hasMessageStartingWith("actions.kafka_producer.x.fallback_actions[0].type: \"mqtt\" is not an action "
                        + "type of the bridge; allowed: kafka_producer, confluent_producer");
        assertThatThrownBy(() -> BridgeConfigLoader.parse(BASE + action.formatted("{kind = forward}"), Path.of(".")))
                .hasMessage("actions.kafka_producer.x.fallback_actions[0].kind: \"forward\" is not allowed; allowed: "
                        + "reference, republish");
        assertThatThrownBy(() -> BridgeConfigLoader.parse(BASE + action.formatted(
                "{kind = republish, args = {payload = x}}"), Path.of(".")))
                .hasMessage("actions.kafka_producer.x.fallback_actions[0].args.topic: missing; republish needs a topic");
        assertThatThrownBy(() -> BridgeConfigLoader.parse(BASE + action.formatted(
                "{kind = reference, type = kafka_producer, name = y}")
                + "\nactions.kafka_producer.y { connector = k, parameters { topic = t },"
                + " fallback_actions = [{kind = reference, type = kafka_producer, name = x}] }", Path.of(".")))
                .hasMessage("actions.kafka_producer.x.fallback_actions: the fallback actions form a cycle "
                        + "(kafka_producer:x -> kafka_producer:y -> kafka_producer:x); a fallback action may not lead "
                        + "back to its action");
    }
}
