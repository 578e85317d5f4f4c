package io.github.mqttkafkabridge.bridge;

import io.github.mqttkafkabridge.bridge.config.BridgeConfig;
import io.github.mqttkafkabridge.bridge.config.BridgeConfigException;
import io.github.mqttkafkabridge.bridge.config.FallbackAction;
import io.github.mqttkafkabridge.bridge.config.KafkaActionRef;
import io.github.mqttkafkabridge.bridge.config.KafkaProducerAction;
import io.github.mqttkafkabridge.bridge.config.KafkaSourceSettings;
import io.github.mqttkafkabridge.bridge.config.RepublishAction;
import io.github.mqttkafkabridge.bridge.config.RuleAction;
import io.github.mqttkafkabridge.bridge.config.RuleSpec;
import io.github.mqttkafkabridge.bridge.kafka.KafkaActionRenderer;
import io.github.mqttkafkabridge.bridge.kafka.KafkaOutRecord;
import io.github.mqttkafkabridge.bridge.kafka.KafkaSinkFactory;
import io.github.mqttkafkabridge.bridge.kafka.KafkaTlsPreflight;
import io.github.mqttkafkabridge.bridge.kafka.KafkaSourceFactory;
import io.github.mqttkafkabridge.bridge.mqtt.MqttEventDeserializer;
import io.github.mqttkafkabridge.bridge.mqtt.PublisherIdDeduplication;
import io.github.mqttkafkabridge.bridge.mqtt.RepublishSerializer;
import io.github.mqttkafkabridge.bridge.rule.CompiledRule;
import io.github.mqttkafkabridge.bridge.rule.RuleCompiler;
import io.github.mqttkafkabridge.bridge.rule.RuleFunctionRegistry;
import io.github.mqttkafkabridge.bridge.rule.RuleSyntaxException;
import io.github.mqttkafkabridge.bridge.value.RuleValueTypeInfo;
import io.github.mqttkafkabridge.mqtt.sink.MqttSink;
import io.github.mqttkafkabridge.mqtt.source.MqttAckMode;
import io.github.mqttkafkabridge.mqtt.source.MqttSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the bridge job: sources become SQL views, every rule becomes a Flink SQL query over its view, and the
 * rule outputs feed their actions (Kafka sinks and MQTT republish sinks).
 */
public final class BridgePipeline {
    public static final String MQTT_VIEW = "mqtt_messages";

    private BridgePipeline() {}

    public static String kafkaView(String sourceName) {
        return "kafka_source_" + sourceName;
    }

    /** Compiles every rule; the first broken one stops start-up with its id, line and column. */
    public static List<CompiledRule> compileRules(BridgeConfig config) {
        List<CompiledRule> compiled = new ArrayList<>();
        for (RuleSpec spec : config.rules()) {
            CompiledRule rule;
            try {
                rule = RuleCompiler.compile(spec.id(), spec.sql());
                // Writing the SQL finds the mistakes only a whole statement shows (e.g. a field outside GROUP BY).
                rule.query(rule.source().isMqtt() ? MQTT_VIEW : kafkaView(rule.source().kafkaSourceName()));
            } catch (RuleSyntaxException e) {
                throw new BridgeConfigException("rule " + spec.id() + " (" + spec.sqlOrigin() + "): " + e.getMessage(), e);
            }
            String source = rule.source().kafkaSourceName();
            if (source != null && !config.kafkaSources().containsKey(source)) {
                throw new BridgeConfigException("rule " + spec.id() + " (" + spec.sqlOrigin() + "): line "
                        + rule.fromLine() + ", column " + rule.fromColumn() + ": unknown source \"$bridges/kafka_consumer:"
                        + source + "\"; configured sources.kafka_consumer entries: " + config.kafkaSources().keySet());
            }
            compiled.add(rule);
        }
        return compiled;
    }

    /** Builds the bridge into {@code env}; returns the parts it is made of (see {@link JobParts}). */
    public static JobParts build(StreamExecutionEnvironment env, BridgeConfig config) {
        List<CompiledRule> rules = compileRules(config);
        KafkaTlsPreflight.check(config.kafkaConnectors().values());
        long interval = config.job().checkpointInterval().toMillis();
        if (interval > 0) {
            env.enableCheckpointing(interval, CheckpointingMode.EXACTLY_ONCE);
        } else {
            for (KafkaProducerAction a : config.kafkaActions().values()) {
                if (a.deliveryGuarantee() == KafkaProducerAction.DeliveryGuarantee.EXACTLY_ONCE) {
                    throw new BridgeConfigException("flink.checkpoint_interval: 0 turns checkpointing off, but actions."
                            + "kafka_producer." + a.name() + ".parameters.delivery_guarantee = exactly_once needs it");
                }
            }
        }
        env.setParallelism(config.job().parallelism());
        // What this job is made of, for the web UI's job configuration and for the next deploy's comparison.
        JobParts parts = JobParts.of(config, rules);
        env.getConfig().setGlobalJobParameters(Configuration.fromMap(parts.asJobParameters()));
        // Every operator here makes new objects and keeps none of its input: chained operators may pass records
        // on without copying them.
        env.getConfig().enableObjectReuse();
        StreamTableEnvironment tEnv = StreamTableEnvironment.create(env);
        RuleFunctionRegistry.registerAll(tEnv);
        String node = nodeName();

        Set<String> filters = mqttTopicFilters(rules);
        Set<String> kafkaSources = new LinkedHashSet<>();
        for (CompiledRule rule : rules) {
            if (!rule.source().isMqtt()) {
                kafkaSources.add(rule.source().kafkaSourceName());
            }
        }
        if (!filters.isEmpty()) {
            MqttSource<Row> source = MqttSource.<Row>builder()
                    .setBroker(config.mqtt())
                    .setTopicFilters(new ArrayList<>(filters))
                    .setSharedGroup(config.mqttSource().sharedSubscriptionGroup())
                    .setReceiveMaximum(config.mqttSource().receiveMaximum())
                    .setSessionsPerSubtask(config.mqttSource().sessionsPerSubtask())
                    .setDuplicateDetection(config.mqttSource().duplicateDetection())
                    .setAckMode(interval > 0 ? MqttAckMode.ON_CHECKPOINT : MqttAckMode.ON_EMIT)
                    .setDeserializer(new MqttEventDeserializer(node))
                    .build();
            DataStream<Row> mqtt = env.fromSource(source, WatermarkStrategy.noWatermarks(), "mqtt-source")
                    .uid("mqtt-source");
            if (deduplicatesByPublisherId(config)) {
                // A redelivery may reach another session than the first delivery: recognise it by the
                // publisher's id in keyed state, wherever it arrives.
                mqtt = PublisherIdDeduplication.apply(mqtt, config.mqttSource().duplicateDetection(),
                        config.mqtt().sessionExpiry(), mqtt.getType());
            }
            tEnv.createTemporaryView(MQTT_VIEW, mqtt, schema(rules, null, "publish_received_at"));
        }
        for (String name : kafkaSources) {
            KafkaSourceSettings settings = config.kafkaSources().get(name);
            DataStream<Row> kafka = env.fromSource(KafkaSourceFactory.create(settings, node),
                    WatermarkStrategy.noWatermarks(), "kafka_consumer:" + name).uid("kafka-source-" + name);
            tEnv.createTemporaryView(kafkaView(name), kafka, schema(rules, name, "ts"));
        }

        Map<String, List<DataStream<JsonNode>>> kafkaActionInputs = new LinkedHashMap<>();
        for (int r = 0; r < rules.size(); r++) {
            CompiledRule rule = rules.get(r);
            RuleSpec spec = config.rules().get(r);
            String view = rule.source().isMqtt() ? MQTT_VIEW : kafkaView(rule.source().kafkaSourceName());
            // A rule that republishes to MQTT skips the messages it published itself (EMQX does the same), so a
            // republish into the rule's own topic filter cannot loop; the same for its actions' fallback republishes.
            boolean loopGuard = rule.source().isMqtt()
                    && spec.actions().stream().anyMatch(a -> a instanceof RepublishAction);
            Set<String> publishers = new LinkedHashSet<>();
            if (loopGuard) {
                publishers.add(rule.ruleId());
            }
            if (rule.source().isMqtt()) {
                publishers.addAll(fallbackPublishers(config, spec));
            }
            SingleOutputStreamOperator<JsonNode> outputs = tEnv.toDataStream(
                            rule.query(view, publishers.isEmpty() ? null : rule.notRepublishedBy(publishers))
                                    .toTable(tEnv))
                    .flatMap(new RuleOutcomeCounter(rule.ruleId())).returns(RuleValueTypeInfo.OUTPUT)
                    .name("rule:" + rule.ruleId()).uid("rule-" + rule.ruleId());
            nameRuleOperators(outputs.getTransformation(), rule.ruleId() + "-" + rule.fingerprint());
            if (rule.isWindowed()) {
                // A window without keys runs in one task whose maximum parallelism is 1; the actions chained
                // behind it would share that limit, and their state could then never be restored at a
                // parallelism above 1: a redeploy with more parallelism would fail.
                outputs.startNewChain();
            }
            int i = 0;
            for (RuleAction action : spec.actions()) {
                if (action instanceof KafkaActionRef ref) {
                    kafkaActionInputs.computeIfAbsent(ref.actionName(), k -> new ArrayList<>()).add(outputs);
                } else if (action instanceof RepublishAction republish) {
                    String id = "republish-" + rule.ruleId() + "-" + i;
                    outputs.sinkTo(MqttSink.<JsonNode>builder()
                                    .setBroker(config.mqtt())
                                    .setClientIdSuffix(id)
                                    .setSerializer(new RepublishSerializer(republish, loopGuard ? rule.ruleId() : null))
                                    .build())
                            .name("republish:" + rule.ruleId()).uid(id);
                }
                i++;
            }
        }
        // Fallback targets after the actions that fall back to them: their inputs include those side outputs.
        for (KafkaProducerAction action : inFallbackOrder(config, kafkaActionInputs.keySet())) {
            List<DataStream<JsonNode>> inputs = kafkaActionInputs.get(action.name());
            DataStream<JsonNode> input = inputs.get(0);
            for (int k = 1; k < inputs.size(); k++) {
                input = input.union(inputs.get(k));
            }
            SingleOutputStreamOperator<KafkaOutRecord> records = input
                    .process(new KafkaActionRenderer(action, interval > 0))
                    .returns(KafkaOutRecord.class)
                    .name("action:" + action.actionId()).uid("action-kafka-" + action.name());
            records.sinkTo(KafkaSinkFactory.create(action))
                    .name("kafka_producer:" + action.name()).uid("kafka-sink-" + action.name());
            DataStream<JsonNode> undelivered = records.getSideOutput(KafkaActionRenderer.FALLBACK);
            int i = 0;
            for (FallbackAction fallback : action.fallbackActions()) {
                if (fallback instanceof FallbackAction.Reference ref) {
                    String target = ref.actionName().substring(ref.actionName().indexOf(':') + 1);
                    kafkaActionInputs.computeIfAbsent(target, k -> new ArrayList<>()).add(undelivered);
                } else if (fallback instanceof FallbackAction.Republish republish) {
                    String id = "fallback-" + action.name() + "-" + i;
                    undelivered.sinkTo(MqttSink.<JsonNode>builder()
                                    .setBroker(config.mqtt())
                                    .setClientIdSuffix(id)
                                    .setSerializer(new RepublishSerializer(republish.republish(), action.actionId()))
                                    .build())
                            .name("fallback-republish:" + action.name()).uid(id);
                }
                i++;
            }
        }
        return parts;
    }

    /** The topic filters the MQTT source subscribes to: those of every rule on MQTT, in rule order. */
    static Set<String> mqttTopicFilters(List<CompiledRule> rules) {
        Set<String> filters = new LinkedHashSet<>();
        rules.stream().filter(r -> r.source().isMqtt()).forEach(r -> filters.addAll(r.source().topicFilters()));
        return filters;
    }

    /**
     * Whether the job has the keyed de-duplication after the MQTT source ({@code mqtt-dedup}): with a
     * publisher-set message id and checkpoints on, at any parallelism. Several sessions need it (a redelivery may
     * reach another session); one subtask may run several sessions after a redeploy at a lower parallelism (the
     * sessions of the removed subtasks keep running there, with what the broker queued for them); and keeping it
     * at parallelism 1 keeps its state across such redeploys.
     */
    static boolean deduplicatesByPublisherId(BridgeConfig config) {
        return config.job().checkpointInterval().toMillis() > 0
                && config.mqttSource().duplicateDetection().isPublisherId();
    }

    /**
     * Gives the operators Flink SQL made for a rule uids derived from the rule id and what it computes:
     * {@code rule-<id>-<fingerprint>-<n>}, numbered in the order of the rule's own plan. Without them Flink derives
     * operator ids from positions in the whole job graph, so adding or reordering another rule would orphan this
     * rule's state (its windows) in a savepoint; with the fingerprint, an edited rule never gets state of another
     * aggregation that would not fit (see {@link JobParts}). The walk stops at operators that have a uid (the
     * sources).
     */
    private static void nameRuleOperators(Transformation<?> output, String ruleKey) {
        java.util.ArrayDeque<Transformation<?>> pending = new java.util.ArrayDeque<>(output.getInputs());
        Set<Transformation<?>> seen = new java.util.HashSet<>();
        int n = 0;
        while (!pending.isEmpty()) {
            Transformation<?> t = pending.removeFirst();
            if (t.getUid() != null || !seen.add(t)) {
                continue;
            }
            t.setUid("rule-" + ruleKey + "-" + n++);
            pending.addAll(t.getInputs());
        }
    }

    /** The ids of the Kafka actions a rule writes through (its own, and their fallbacks) that fall back to MQTT. */
    private static Set<String> fallbackPublishers(BridgeConfig config, RuleSpec spec) {
        Set<String> used = new LinkedHashSet<>();
        spec.actions().stream().filter(a -> a instanceof KafkaActionRef)
                .forEach(a -> used.add(((KafkaActionRef) a).actionName()));
        Set<String> publishers = new LinkedHashSet<>();
        for (KafkaProducerAction a : inFallbackOrder(config, used)) {
            if (a.fallbackActions().stream().anyMatch(f -> f instanceof FallbackAction.Republish)) {
                publishers.add(a.actionId());
            }
        }
        return publishers;
    }

    /**
     * The Kafka actions rules use, with the actions they fall back to, each after every action that falls back
     * to it (there are no cycles: the configuration refuses them).
     */
    static List<KafkaProducerAction> inFallbackOrder(BridgeConfig config, Set<String> used) {
        Map<String, KafkaProducerAction> byId = new LinkedHashMap<>();
        config.kafkaActions().values().forEach(a -> byId.put(a.actionId(), a));
        Set<KafkaProducerAction> reachable = new LinkedHashSet<>();
        List<KafkaProducerAction> pending = new ArrayList<>();
        used.forEach(name -> pending.add(config.kafkaActions().get(name)));
        while (!pending.isEmpty()) {
            KafkaProducerAction a = pending.remove(0);
            if (reachable.add(a)) {
                a.fallbackActions().stream().filter(f -> f instanceof FallbackAction.Reference)
                        .forEach(f -> pending.add(byId.get(((FallbackAction.Reference) f).actionName())));
            }
        }
        List<KafkaProducerAction> ordered = new ArrayList<>();
        Set<KafkaProducerAction> placed = new LinkedHashSet<>();
        while (ordered.size() < reachable.size()) {
            for (KafkaProducerAction a : reachable) {
                boolean ready = !placed.contains(a) && reachable.stream().filter(b -> !placed.contains(b))
                        .noneMatch(b -> b.fallbackActions().contains(new FallbackAction.Reference(a.actionId())));
                if (ready) {
                    ordered.add(a);
                    placed.add(a);
                }
            }
        }
        return ordered;
    }

    /**
     * The schema of a source's view: the time attributes only when a windowed rule reads the source (they add a
     * projection and a watermark operator that copies every row, rule values included, for every message).
     *
     * @param kafkaSource the Kafka source, or null for the MQTT view
     */
    private static Schema schema(List<CompiledRule> rules, String kafkaSource, String eventTimeColumn) {
        boolean windowed = rules.stream().anyMatch(r -> r.isWindowed()
                && (kafkaSource == null ? r.source().isMqtt() : kafkaSource.equals(r.source().kafkaSourceName())));
        return windowed ? withTimeAttributes(eventTimeColumn) : Schema.newBuilder().build();
    }

    /**
     * The input columns plus the time attributes windowed rules use: {@code proc_time} (processing time) and
     * {@code event_time} from {@code eventTimeColumn} (milliseconds), with a watermark one second behind it.
     */
    private static Schema withTimeAttributes(String eventTimeColumn) {
        return Schema.newBuilder()
                .columnByExpression("proc_time", "PROCTIME()")
                .columnByExpression("event_time", "TO_TIMESTAMP_LTZ(`" + eventTimeColumn + "`, 3)")
                .watermark("event_time", "event_time - INTERVAL '1' SECOND")
                .build();
    }

    static String nodeName() {
        try {
            return "bridge@" + InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "bridge@localhost";
        }
    }
}
