package io.github.mqttkafkabridge.bridge.config;

import io.github.mqttkafkabridge.bridge.config.KafkaProducerAction.DeliveryGuarantee;
import io.github.mqttkafkabridge.bridge.config.KafkaProducerAction.PartitionStrategy;
import io.github.mqttkafkabridge.bridge.value.Template;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the {@code parameters} of one {@code actions.kafka_producer.<name>} with EMQX's names and defaults. */
final class KafkaActionReader {
    private static final Map<String, String> COMPRESSION = Map.of("no_compression", "none", "gzip", "gzip",
            "snappy", "snappy", "lz4", "lz4", "zstd", "zstd");
    private static final Map<String, String> ACKS = Map.of("all_isr", "all", "leader_only", "1", "none", "0");

    private final Config config;
    private final ConfigValues values;

    KafkaActionReader(Config config, ConfigValues values) {
        this.config = config;
        this.values = values;
    }

    KafkaProducerAction read(String name, String path, KafkaConnection connection) {
        String at = "actions." + (connection.type().equals(KafkaConnectorReader.CONFLUENT)
                ? KafkaConnectorReader.CONFLUENT : "kafka_producer") + "." + name + ".parameters";
        String p = path + ".parameters";
        Template topic = values.template(p + ".topic", at + ".topic", null);
        Template key = values.template(p + ".message.key", at + ".message.key", "${.clientid}");
        Template value = values.template(p + ".message.value", at + ".message.value", "${.}");
        Template ts = values.template(p + ".message.timestamp", at + ".message.timestamp", "${.timestamp}");
        DeliveryGuarantee guarantee = values.enumValue(p + ".delivery_guarantee", at + ".delivery_guarantee",
                DeliveryGuarantee.class, DeliveryGuarantee.EXACTLY_ONCE);
        PartitionStrategy partitions = values.enumValue(p + ".partition_strategy", at + ".partition_strategy",
                PartitionStrategy.class, PartitionStrategy.RANDOM);
        if (partitions == PartitionStrategy.KEY_DISPATCH && key.isEmpty()) {
            throw new BridgeConfigException(at + ".message.key: must not be empty with partition_strategy = key_dispatch");
        }
        String deadLetter = null;
        if (config.hasPath(p + ".dead_letter")) {
            deadLetter = values.requiredString(p + ".dead_letter.topic", at + ".dead_letter.topic");
            if (!KafkaTopicNames.isValid(deadLetter)) {
                throw new BridgeConfigException(at + ".dead_letter.topic: \"" + deadLetter + "\" is not a Kafka topic "
                        + "name (" + KafkaTopicNames.RULE + ")");
            }
        }
        return new KafkaProducerAction(name, connection, topic, key, value, ts, headers(p, at), partitions,
                tuning(p, at, guarantee), guarantee, deadLetter,
                fallbackActions(path + ".fallback_actions", at.substring(0, at.length() - ".parameters".length())
                        + ".fallback_actions"));
    }

    /**
     * {@code fallback_actions = [{kind = reference, type = kafka_producer, name = x}, {kind = republish, args = {...}}]}.
     * A reference names an action here; that it exists, and that references form no cycle, is checked once all
     * actions are read.
     */
    private List<FallbackAction> fallbackActions(String path, String at) {
        List<FallbackAction> fallbacks = new ArrayList<>();
        if (!config.hasPath(path)) {
            return fallbacks;
        }
        int i = 0;
        for (ConfigValue v : config.getList(path)) {
            String item = at + "[" + i++ + "]";
            if (v.valueType() != ConfigValueType.OBJECT) {
                throw new BridgeConfigException(item + ": " + v.render() + " is not a fallback action; expected "
                        + "{kind = reference, type = kafka_producer, name = <action>} or {kind = republish, args = {...}}");
            }
            Config entry = ((ConfigObject) v).toConfig();
            String kind = entry.hasPath("kind") ? entry.getString("kind") : "";
            if (kind.equals("republish")) {
                fallbacks.add(new FallbackAction.Republish(BridgeConfigLoader.republishArgs(entry, item)));
            } else if (kind.equals("reference")) {
                String type = entry.hasPath("type") ? entry.getString("type") : "";
                if (!type.equals("kafka_producer") && !type.equals(KafkaConnectorReader.CONFLUENT)) {
                    throw new BridgeConfigException(item + ".type: \"" + type + "\" is not an action type of the "
                            + "bridge; allowed: kafka_producer, confluent_producer (for an MQTT fallback use "
                            + "{kind = republish, args = {...}})");
                }
                if (!entry.hasPath("name")) {
                    throw new BridgeConfigException(item + ".name: missing; the name of the " + type + " action");
                }
                fallbacks.add(new FallbackAction.Reference(type + ":" + entry.getString("name")));
            } else {
                throw new BridgeConfigException(item + ".kind: \"" + kind + "\" is not allowed; allowed: reference, "
                        + "republish");
            }
        }
        return fallbacks;
    }

    private KafkaHeaderSpec headers(String p, String at) {
        Template kafkaHeaders = null;
        if (config.hasPath(p + ".kafka_headers")) {
            kafkaHeaders = values.template(p + ".kafka_headers", at + ".kafka_headers", null);
            if (!kafkaHeaders.isSingleVariable()) {
                throw new BridgeConfigException(at + ".kafka_headers: \"" + kafkaHeaders.source()
                        + "\" must be a single placeholder such as ${pub_props}");
            }
        }
        List<KafkaHeaderSpec.ExtHeader> ext = new ArrayList<>();
        if (config.hasPath(p + ".kafka_ext_headers")) {
            int i = 0;
            for (ConfigValue v : config.getList(p + ".kafka_ext_headers")) {
                String item = at + ".kafka_ext_headers[" + i++ + "]";
                if (v.valueType() != ConfigValueType.OBJECT) {
                    throw new BridgeConfigException(item + ": expected {kafka_ext_header_key, kafka_ext_header_value}");
                }
                Config h = ((ConfigObject) v).toConfig();
                for (String k : List.of("kafka_ext_header_key", "kafka_ext_header_value")) {
                    if (!h.hasPath(k)) {
                        throw new BridgeConfigException(item + "." + k + ": missing; this key is required");
                    }
                }
                Template headerValue = ConfigValues.parseTemplate(item + ".kafka_ext_header_value",
                        h.getString("kafka_ext_header_value"));
                if (headerValue.source().contains("${") && !headerValue.isSingleVariable()) {
                    throw new BridgeConfigException(item + ".kafka_ext_header_value: \"" + headerValue.source()
                            + "\" must be a single placeholder or plain text");
                }
                ext.add(new KafkaHeaderSpec.ExtHeader(ConfigValues.parseTemplate(item + ".kafka_ext_header_key",
                        h.getString("kafka_ext_header_key")), headerValue));
            }
        }
        String mode = values.string(p + ".kafka_header_value_encode_mode", "none");
        if (!mode.equals("none") && !mode.equals("json")) {
            throw new BridgeConfigException(at + ".kafka_header_value_encode_mode: \"" + mode
                    + "\" is not one of none, json");
        }
        boolean userProperties = values.bool(p + ".user_properties_as_headers", at + ".user_properties_as_headers",
                false);
        return new KafkaHeaderSpec(kafkaHeaders, List.copyOf(ext), mode.equals("json"), userProperties);
    }

    /**
     * Unless set, how long the producer waits to fill a batch. EMQX's 0 sends each record in its own request when
     * traffic is light, a wake-up of the producer's network thread and a request per message. Under exactly_once
     * records are readable only when the checkpoint commits (and the commit flushes every batch), so waiting up to
     * 100 ms costs no latency; otherwise 5 ms, the Kafka client's own default since 4.0.
     */
    static Duration defaultLinger(DeliveryGuarantee guarantee) {
        return guarantee == DeliveryGuarantee.EXACTLY_ONCE ? Duration.ofMillis(100) : Duration.ofMillis(5);
    }

    private KafkaProducerTuning tuning(String p, String at, DeliveryGuarantee guarantee) {
        String compression = values.string(p + ".compression", "no_compression");
        if (!COMPRESSION.containsKey(compression)) {
            throw new BridgeConfigException(at + ".compression: \"" + compression
                    + "\" is not one of no_compression, gzip, snappy, lz4, zstd");
        }
        String acks = values.string(p + ".required_acks", "all_isr");
        if (!ACKS.containsKey(acks)) {
            throw new BridgeConfigException(at + ".required_acks: \"" + acks + "\" is not one of all_isr, leader_only, none");
        }
        if (guarantee != DeliveryGuarantee.NONE && !acks.equals("all_isr")) {
            throw new BridgeConfigException(at + ".required_acks: \"" + acks + "\" cannot give delivery_guarantee = "
                    + guarantee.name().toLowerCase() + "; use all_isr, or delivery_guarantee = none");
        }
        int inflight = values.integer(p + ".max_inflight", 10);
        if (inflight < 1) {
            throw new BridgeConfigException(at + ".max_inflight: " + inflight + " must be at least 1");
        }
        // max_linger_bytes, query_mode, sync_query_timeout and buffer are accepted and have no effect: Flink's
        // checkpointed, back-pressured pipeline takes their place (table in the README).
        return new KafkaProducerTuning(COMPRESSION.get(compression), ACKS.get(acks),
                values.bytes(p + ".max_batch_bytes", at + ".max_batch_bytes", 896 * 1024L),
                values.duration(p + ".max_linger_time", defaultLinger(guarantee)),
                Math.min(inflight, KafkaProducerTuning.MAX_IDEMPOTENT_INFLIGHT),
                values.duration(p + ".partition_count_refresh_interval", Duration.ofMinutes(1)));
    }
}
