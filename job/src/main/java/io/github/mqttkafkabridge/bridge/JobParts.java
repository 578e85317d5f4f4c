package io.github.mqttkafkabridge.bridge;

import io.github.mqttkafkabridge.bridge.config.BridgeConfig;
import io.github.mqttkafkabridge.bridge.config.KafkaActionRef;
import io.github.mqttkafkabridge.bridge.rule.CompiledRule;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The parts of a bridge job whose state a savepoint carries, by name: each rule with a fingerprint of what it
 * computes (and whether it keeps windows), each Kafka action, each Kafka source, and the keyed MQTT
 * de-duplication when there is one; and the MQTT topic filters, which hold no state in Flink but are subscriptions
 * of the persistent sessions (a filter no rule reads any more is unsubscribed when they resume). The job carries
 * them as its
 * global job parameters ({@code bridge.rule.<id>} and so on, shown in the web UI's job configuration), so that
 * {@code deploy} can read what the running job is made of and say, before it replaces it, which state the new
 * version drops. A rule's operators have uids that include its fingerprint: an edited rule's old state (windows
 * of another aggregation, which would not fit) is never restored into it; an unchanged rule keeps its state.
 */
public final class JobParts {
    private static final String PREFIX = "bridge.";
    private static final String RULE = PREFIX + "rule.";
    private static final String ACTION = PREFIX + "action.";
    private static final String SOURCE = PREFIX + "kafka_source.";
    private static final String DEDUP = PREFIX + "mqtt_dedup";
    private static final String MQTT_FILTER = PREFIX + "mqtt_filter.";
    private static final String WINDOWS = " windows";

    private final Map<String, String> parameters;

    private JobParts(Map<String, String> parameters) {
        this.parameters = parameters;
    }

    public static JobParts of(BridgeConfig config, List<CompiledRule> rules) {
        Map<String, String> p = new TreeMap<>();
        for (CompiledRule rule : rules) {
            p.put(RULE + rule.ruleId(), rule.fingerprint() + (rule.isWindowed() ? WINDOWS : ""));
        }
        // The actions and sources the job is built with: those the rules use (and the actions they fall back to).
        Set<String> used = new LinkedHashSet<>();
        config.rules().forEach(spec -> spec.actions().stream().filter(a -> a instanceof KafkaActionRef)
                .forEach(a -> used.add(((KafkaActionRef) a).actionName())));
        BridgePipeline.inFallbackOrder(config, used).forEach(a -> p.put(ACTION + a.name(), "kafka_producer"));
        rules.stream().filter(r -> !r.source().isMqtt())
                .forEach(r -> p.put(SOURCE + r.source().kafkaSourceName(), "kafka_consumer"));
        BridgePipeline.mqttTopicFilters(rules).forEach(filter -> p.put(MQTT_FILTER + filter, "subscribed"));
        if (rules.stream().anyMatch(r -> r.source().isMqtt()) && BridgePipeline.deduplicatesByPublisherId(config)) {
            p.put(DEDUP, config.mqttSource().duplicateDetection().toString());
        }
        return new JobParts(p);
    }

    /** The parts a running job declared in its global job parameters (other parameters are ignored). */
    public static JobParts fromJobParameters(Map<String, String> jobParameters) {
        Map<String, String> p = new TreeMap<>();
        jobParameters.forEach((k, v) -> {
            if (k.startsWith(PREFIX)) {
                p.put(k, v);
            }
        });
        return new JobParts(p);
    }

    public Map<String, String> asJobParameters() {
        return Map.copyOf(parameters);
    }

    public boolean isEmpty() {
        return parameters.isEmpty();
    }

    /**
     * One line per part that differs from {@code running}: added, removed, changed, and what happens to its state.
     * Unchanged windowed rules are listed too, since keeping their windows is the point of a savepoint.
     */
    public List<String> changesFrom(JobParts running) {
        List<String> lines = new ArrayList<>();
        Map<String, String> all = new TreeMap<>(running.parameters);
        all.putAll(parameters);
        // A job of an earlier version declares no filters: every filter would look added.
        boolean runningDeclaresFilters = running.parameters.keySet().stream().anyMatch(k -> k.startsWith(MQTT_FILTER));
        for (String key : all.keySet()) {
            String before = running.parameters.get(key);
            String after = parameters.get(key);
            String what = describe(key);
            if (key.startsWith(MQTT_FILTER)) {
                if (runningDeclaresFilters && before == null) {
                    lines.add(what + " added: the sessions subscribe to it");
                } else if (after == null) {
                    lines.add(what + " removed: the resumed sessions unsubscribe from it (what the broker queued for "
                            + "it meanwhile still arrives once, and no rule matches it)");
                }
            } else if (before == null) {
                lines.add(what + " added: it starts without state");
            } else if (after == null) {
                lines.add(what + " removed: " + (key.startsWith(RULE)
                        ? (before.endsWith(WINDOWS) ? "its open windows in the savepoint are dropped" : "it had no state")
                        : key.startsWith(ACTION)
                        ? "its transactions were committed by the savepoint; its state is dropped"
                        : key.equals(DEDUP)
                        ? "the message ids it remembers are dropped; each session recognises only its own "
                                + "redeliveries"
                        : "its read positions in the savepoint are dropped"));
            } else if (!before.equals(after) && key.equals(DEDUP)) {
                lines.add(what + " changed to " + after + ": it keeps the ids it remembers, which the new id does "
                        + "not match");
            } else if (!before.equals(after)) {
                lines.add(what + " changed: " + (before.endsWith(WINDOWS)
                        ? "its open windows in the savepoint are dropped; its windows start empty"
                        : "it had no state to carry over"));
            } else if (after.endsWith(WINDOWS)) {
                lines.add(what + " unchanged: its open windows are restored from the savepoint");
            }
        }
        return lines;
    }

    /** True when the new version leaves some of {@code running}'s state unrestored (removed or changed parts). */
    public boolean dropsStateOf(JobParts running) {
        for (Map.Entry<String, String> e : running.parameters.entrySet()) {
            if (!e.getKey().startsWith(MQTT_FILTER) && !e.getValue().equals(parameters.get(e.getKey()))) {
                return true;
            }
        }
        return false;
    }

    private static String describe(String key) {
        if (key.startsWith(RULE)) {
            return "rule " + key.substring(RULE.length());
        } else if (key.startsWith(ACTION)) {
            return "action kafka_producer:" + key.substring(ACTION.length());
        } else if (key.equals(DEDUP)) {
            return "MQTT de-duplication by publisher id (mqtt-dedup)";
        } else if (key.startsWith(MQTT_FILTER)) {
            return "MQTT topic filter \"" + key.substring(MQTT_FILTER.length()) + "\"";
        } else if (key.startsWith(SOURCE)) {
            return "source kafka_consumer:" + key.substring(SOURCE.length());
        }
        return key;
    }
}
