package io.github.mqttkafkabridge.bridge.config;

import io.github.mqttkafkabridge.bridge.value.Template;
import io.github.mqttkafkabridge.mqtt.common.MqttBrokerOptions;
import io.github.mqttkafkabridge.mqtt.common.MqttOptions;
import io.github.mqttkafkabridge.mqtt.source.MqttDuplicateDetection;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import org.apache.flink.configuration.Configuration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads {@code conf/bridge.conf} (HOCON, EMQX's key names) into a validated {@link BridgeConfig}. Every error
 * names the key, the bad value and what is allowed.
 */
public final class BridgeConfigLoader {
    private final Config config;
    private final ConfigValues values;
    private final Path baseDir;

    private BridgeConfigLoader(Config config, Path baseDir) {
        this.config = config;
        this.values = new ConfigValues(config);
        this.baseDir = baseDir;
    }

    public static BridgeConfig load(Path file) {
        return load(file, Map.of());
    }

    /** Loads {@code file}; {@code overrides} (dotted keys) win over the file, e.g. broker addresses in the demo. */
    public static BridgeConfig load(Path file, Map<String, Object> overrides) {
        if (!Files.isRegularFile(file)) {
            throw new BridgeConfigException("configuration file " + file.toAbsolutePath() + " does not exist");
        }
        Config parsed;
        try {
            parsed = ConfigFactory.parseMap(overrides)
                    .withFallback(ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false)))
                    .resolve();
        } catch (ConfigException e) {
            throw new BridgeConfigException(e.getMessage(), e);
        }
        Path dir = file.toAbsolutePath().getParent();
        return new BridgeConfigLoader(parsed, dir).read();
    }

    /** Parses configuration text; {@code sql_file} paths resolve against {@code baseDir}. */
    public static BridgeConfig parse(String hocon, Path baseDir) {
        try {
            return new BridgeConfigLoader(ConfigFactory.parseString(hocon).resolve(), baseDir).read();
        } catch (ConfigException e) {
            throw new BridgeConfigException(e.getMessage(), e);
        }
    }

    private BridgeConfig read() {
        Configuration mqttBlock = mqttBlock();
        MqttBrokerOptions mqtt = readMqtt(mqttBlock);
        MqttSourceSettings mqttSource = readMqttSource(mqttBlock);
        JobSettings job = readJob();
        Map<String, KafkaConnection> producers = readConnections("kafka_producer");
        Map<String, KafkaConnection> confluent = readConnections(KafkaConnectorReader.CONFLUENT);
        Map<String, KafkaConnection> consumers = readConnections("kafka_consumer");
        Map<String, KafkaProducerAction> actions = readKafkaActions("kafka_producer", producers);
        for (Map.Entry<String, KafkaProducerAction> e : readKafkaActions(KafkaConnectorReader.CONFLUENT, confluent)
                .entrySet()) {
            if (actions.containsKey(e.getKey())) {
                throw new BridgeConfigException("actions.confluent_producer." + e.getKey() + ": an actions.kafka_producer"
                        + " entry has the same name; action names must be unique across both types");
            }
            actions.put(e.getKey(), e.getValue());
        }
        FallbackCheck.check(actions);
        Map<String, KafkaSourceSettings> sources = readKafkaSources(consumers);
        List<RuleSpec> rules = readRules(actions);
        rules.addAll(topicMappingRules(sources));
        Map<String, KafkaConnection> connectors = new LinkedHashMap<>();
        producers.forEach((name, c) -> connectors.put("kafka_producer." + name, c));
        confluent.forEach((name, c) -> connectors.put(KafkaConnectorReader.CONFLUENT + "." + name, c));
        consumers.forEach((name, c) -> connectors.put("kafka_consumer." + name, c));
        return new BridgeConfig(mqtt, mqttSource, job, Collections.unmodifiableMap(connectors), Map.copyOf(actions),
                Map.copyOf(sources), List.copyOf(rules));
    }

    /**
     * The {@code mqtt} block goes through the connector's own option parser ({@link MqttOptions}), the one the
     * {@code 'connector' = 'mqtt'} tables use, so both accept and check the same keys.
     */
    private Configuration mqttBlock() {
        Map<String, String> flat = new LinkedHashMap<>();
        if (config.hasPath("mqtt")) {
            for (Map.Entry<String, ConfigValue> e : config.getConfig("mqtt").entrySet()) {
                Object v = e.getValue().unwrapped();
                flat.put(e.getKey(), v instanceof List<?> list
                        ? String.join(";", list.stream().map(String::valueOf).toList()) : String.valueOf(v));
            }
        }
        if (flat.containsKey("password")) {
            flat.put("password", Secrets.resolve("mqtt.password", flat.get("password"), baseDir));
        }
        for (String file : List.of("ssl.cacertfile", "ssl.certfile", "ssl.keyfile")) {
            if (flat.containsKey(file)) {
                String resolved = baseDir.resolve(flat.get(file)).normalize().toString();
                if (!Files.isReadable(Path.of(resolved))) {
                    throw new BridgeConfigException("mqtt." + file + ": \"" + flat.get(file)
                            + "\" does not exist or is not readable (resolved to " + resolved + ")");
                }
                flat.put(file, resolved);
            }
        }
        return Configuration.fromMap(flat);
    }

    private static MqttBrokerOptions readMqtt(Configuration mqtt) {
        return wrap("mqtt", () -> MqttOptions.broker(mqtt));
    }

    private static MqttSourceSettings readMqttSource(Configuration mqtt) {
        return wrap("mqtt", () -> {
            int receiveMaximum = mqtt.get(MqttOptions.RECEIVE_MAXIMUM);
            if (receiveMaximum < 1 || receiveMaximum > 65535) {
                throw new IllegalArgumentException("receive_maximum: " + receiveMaximum + " is not in 1..65535");
            }
            int sessions = mqtt.get(MqttOptions.SESSIONS_PER_SUBTASK);
            if (sessions < 1 || sessions > 64) {
                throw new IllegalArgumentException("sessions_per_subtask: " + sessions + " is not in 1..64");
            }
            return new MqttSourceSettings(mqtt.get(MqttOptions.SHARED_SUBSCRIPTION_GROUP), receiveMaximum, sessions,
                    MqttDuplicateDetection.parse(mqtt.get(MqttOptions.DEDUP_ID)));
        });
    }

    private JobSettings readJob() {
        Duration interval = values.duration("flink.checkpoint_interval", Duration.ofSeconds(5));
        int parallelism = values.integer("flink.parallelism", 1);
        if (parallelism < 1) {
            throw new BridgeConfigException("flink.parallelism: " + parallelism + " must be at least 1");
        }
        String stateDir = values.string("flink.state_dir", null);
        return new JobSettings(interval, parallelism, stateDir == null ? null : baseDir.resolve(stateDir).normalize());
    }

    private Map<String, KafkaConnection> readConnections(String type) {
        Map<String, KafkaConnection> result = new LinkedHashMap<>();
        String root = "connectors." + type;
        KafkaConnectorReader reader = new KafkaConnectorReader(config, values, baseDir);
        for (String name : children(root)) {
            result.put(name, reader.read(type, name, root + "." + ConfigUtil.quoteString(name)));
        }
        return result;
    }

    private Map<String, KafkaProducerAction> readKafkaActions(String type, Map<String, KafkaConnection> producers) {
        Map<String, KafkaProducerAction> result = new LinkedHashMap<>();
        String root = "actions." + type;
        KafkaActionReader reader = new KafkaActionReader(config, values);
        for (String name : children(root)) {
            KafkaConnection connection = connectionOf(root, name, producers, "connectors." + type);
            result.put(name, reader.read(name, root + "." + ConfigUtil.quoteString(name), connection));
        }
        return result;
    }

    private Map<String, KafkaSourceSettings> readKafkaSources(Map<String, KafkaConnection> consumers) {
        Map<String, KafkaSourceSettings> result = new LinkedHashMap<>();
        String root = "sources.kafka_consumer";
        KafkaSourceReader reader = new KafkaSourceReader(config, values);
        for (String name : children(root)) {
            KafkaConnection connection = connectionOf(root, name, consumers, "connectors.kafka_consumer");
            result.put(name, reader.read(name, root + "." + ConfigUtil.quoteString(name), connection));
        }
        return result;
    }

    /** The connector an action or source names in its {@code connector} key. */
    private KafkaConnection connectionOf(String root, String name, Map<String, KafkaConnection> pool, String poolRoot) {
        String key = displayKey(root, name, "connector");
        String connector = values.requiredString(root + "." + ConfigUtil.quoteString(name) + ".connector", key);
        KafkaConnection connection = pool.get(connector);
        if (connection == null) {
            throw new BridgeConfigException(key + ": \"" + connector + "\" is not a configured " + poolRoot
                    + " entry; configured: " + pool.keySet());
        }
        return connection;
    }

    private List<RuleSpec> readRules(Map<String, KafkaProducerAction> kafkaActions) {
        List<RuleSpec> rules = new ArrayList<>();
        String root = "rule_engine.rules";
        for (String id : children(root)) {
            String p = root + "." + ConfigUtil.quoteString(id);
            String display = root + "." + id;
            if (config.hasPath(p + ".enable") && !config.getBoolean(p + ".enable")) {
                continue;
            }
            boolean hasSql = config.hasPath(p + ".sql");
            boolean hasFile = config.hasPath(p + ".sql_file");
            if (hasSql == hasFile) {
                throw new BridgeConfigException(display + ": set exactly one of sql (inline) or sql_file");
            }
            String sql;
            String origin;
            if (hasSql) {
                sql = values.string(p + ".sql", null);
                origin = display + ".sql";
            } else {
                String file = values.string(p + ".sql_file", null);
                Path path = baseDir.resolve(file).normalize();
                try {
                    sql = Files.readString(path, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new BridgeConfigException(display + ".sql_file: \"" + file + "\" cannot be read (resolved to "
                            + path + ": " + e.getClass().getSimpleName() + ")");
                }
                origin = path.toString();
            }
            rules.add(new RuleSpec(id, sql, origin, readActions(p + ".actions", display + ".actions", kafkaActions)));
        }
        return rules;
    }

    /**
     * EMQX's legacy {@code topic_mapping} publishes Kafka records to MQTT without a rule; here each entry becomes
     * the rule {@code SELECT * FROM "$bridges/kafka_consumer:<source>" WHERE topic = '<kafka_topic>'} with a
     * republish, so it shares the rule path, its metrics and its delivery guarantee.
     */
    private static List<RuleSpec> topicMappingRules(Map<String, KafkaSourceSettings> sources) {
        List<RuleSpec> rules = new ArrayList<>();
        for (KafkaSourceSettings source : sources.values()) {
            int i = 0;
            for (KafkaSourceSettings.TopicMapping m : source.topicMappings()) {
                String origin = "sources.kafka_consumer." + source.name() + ".parameters.topic_mapping[" + i + "]";
                String sql = "SELECT * FROM \"$bridges/kafka_consumer:" + source.name() + "\" WHERE topic = '"
                        + m.kafkaTopic() + "'";
                rules.add(new RuleSpec("topic_mapping:" + source.name() + ":" + i++, sql, origin,
                        List.of(RepublishAction.topicMapping(m))));
            }
        }
        return rules;
    }

    private List<RuleAction> readActions(String path, String display, Map<String, KafkaProducerAction> kafkaActions) {
        List<RuleAction> actions = new ArrayList<>();
        if (!config.hasPath(path)) {
            return actions;
        }
        int i = 0;
        for (ConfigValue v : config.getList(path)) {
            String at = display + "[" + i++ + "]";
            if (v.valueType() == ConfigValueType.STRING) {
                String ref = (String) v.unwrapped();
                if (!ref.startsWith("kafka_producer:") && !ref.startsWith("confluent_producer:")) {
                    throw new BridgeConfigException(at + ": \"" + ref
                            + "\" is not an action reference; expected \"kafka_producer:<action name>\" or "
                            + "\"confluent_producer:<action name>\"");
                }
                String name = ref.substring(ref.indexOf(':') + 1);
                KafkaProducerAction target = kafkaActions.get(name);
                if (target == null || !target.actionId().equals(ref)) {
                    throw new BridgeConfigException(at + ": \"" + ref + "\" names no configured action; configured: "
                            + kafkaActions.values().stream().map(KafkaProducerAction::actionId).toList());
                }
                actions.add(new KafkaActionRef(name));
            } else if (v.valueType() == ConfigValueType.OBJECT) {
                actions.add(readFunctionAction(((ConfigObject) v).toConfig(), at));
            } else {
                throw new BridgeConfigException(at + ": " + v.render() + " is not an action; expected "
                        + "\"kafka_producer:<name>\" or {function = republish, args = {...}}");
            }
        }
        return actions;
    }

    private static RuleAction readFunctionAction(Config action, String at) {
        String function = action.hasPath("function") ? action.getString("function") : "";
        if (!function.equals("republish")) {
            throw new BridgeConfigException(at + ".function: \"" + function + "\" is not supported; allowed: republish");
        }
        return republishArgs(action, at);
    }

    /** The {@code args} of a republish action (in a rule, or as a fallback action at {@code at}). */
    static RepublishAction republishArgs(Config action, String at) {
        if (!action.hasPath("args.topic")) {
            throw new BridgeConfigException(at + ".args.topic: missing; republish needs a topic");
        }
        Template topic = ConfigValues.parseTemplate(at + ".args.topic", action.getString("args.topic"));
        String payload = action.hasPath("args.payload") ? action.getString("args.payload") : "${payload}";
        Template qos = ConfigValues.parseTemplate(at + ".args.qos", action.hasPath("args.qos")
                ? action.getValue("args.qos").unwrapped().toString() : "${qos}");
        if (!qos.source().matches("[012]") && !qos.isSingleVariable()) {
            throw new BridgeConfigException(at + ".args.qos: \"" + qos.source() + "\" is not 0, 1, 2 or ${var}");
        }
        Template retain = ConfigValues.parseTemplate(at + ".args.retain", action.hasPath("args.retain")
                ? action.getValue("args.retain").unwrapped().toString() : "${retain}");
        if (!retain.source().matches("true|false") && !retain.isSingleVariable()) {
            throw new BridgeConfigException(at + ".args.retain: \"" + retain.source() + "\" is not true, false or ${var}");
        }
        Template userProperties = null;
        Map<String, Template> userPropertyTemplates = new LinkedHashMap<>();
        if (action.hasPath("args.user_properties")
                && action.getValue("args.user_properties").valueType() == ConfigValueType.OBJECT) {
            // Ours: {name = "template", ...}, e.g. the Kafka coordinates of the record.
            for (Map.Entry<String, ConfigValue> e : action.getObject("args.user_properties").entrySet()) {
                userPropertyTemplates.put(e.getKey(), ConfigValues.parseTemplate(at + ".args.user_properties."
                        + e.getKey(), String.valueOf(e.getValue().unwrapped())));
            }
        } else {
            userProperties = ConfigValues.parseTemplate(at + ".args.user_properties",
                    action.hasPath("args.user_properties") ? action.getString("args.user_properties")
                            : "${user_properties}");
            if (!userProperties.isSingleVariable()) {
                // EMQX ignores text that is not a placeholder; say so instead.
                throw new BridgeConfigException(at + ".args.user_properties: \"" + userProperties.source()
                        + "\" must be one placeholder resolving to an object, e.g. ${pub_props.'User-Property'}, "
                        + "or an object of templates {name = \"${var}\"}");
            }
        }
        Map<String, Template> properties = new LinkedHashMap<>();
        if (action.hasPath("args.mqtt_properties")) {
            for (Map.Entry<String, ConfigValue> e : action.getObject("args.mqtt_properties").entrySet()) {
                String name = e.getKey();
                if (!RepublishAction.MQTT_PROPERTIES.contains(name)) {
                    throw new BridgeConfigException(at + ".args.mqtt_properties: \"" + name + "\" is not one of "
                            + String.join(", ", RepublishAction.MQTT_PROPERTIES));
                }
                properties.put(name, ConfigValues.parseTemplate(at + ".args.mqtt_properties." + name,
                        String.valueOf(e.getValue().unwrapped())));
            }
        }
        // direct_dispatch is accepted: the bridge always publishes through the broker (README).
        return new RepublishAction(topic, ConfigValues.parseTemplate(at + ".args.payload", payload), qos, retain,
                userProperties, userPropertyTemplates, properties, Template.MissingPolicy.UNDEFINED);
    }

    private List<String> children(String path) {
        if (!config.hasPath(path)) {
            return List.of();
        }
        if (config.getValue(path).valueType() != ConfigValueType.OBJECT) {
            throw new BridgeConfigException(path + ": expected an object of named entries");
        }
        // HOCON objects are unordered; sort so that start-up (and the job graph) is the same every time.
        List<String> names = new ArrayList<>(config.getObject(path).keySet());
        names.sort(null);
        return names;
    }

    private static String displayKey(String root, String name, String key) {
        return root + "." + name + "." + key;
    }

    private static <T> T wrap(String prefix, Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            // Flink's own parse errors already name the key ("Could not parse value 'x' for key 'y'").
            String message = String.valueOf(e.getMessage());
            throw new BridgeConfigException(prefix + (message.startsWith("Could not") ? ": " : ".") + message, e);
        }
    }
}
