package io.github.mqttkafkabridge.bridge;

import io.github.mqttkafkabridge.bridge.config.BridgeConfigLoader;

import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A savepoint's state belongs to operator ids: a rule's operators, its window state included, must keep their ids
 * when other rules and actions are added, removed or reordered, so that a redeployed bridge restores them. The
 * ids are derived from names (rule ids, action names), not from positions in the job graph.
 */
class OperatorIdentityTest {
    private static final String BASE = "mqtt { server = \"127.0.0.1:1883\" }\n"
            + "connectors.kafka_producer.k { bootstrap_hosts = \"127.0.0.1:9092\" }\n"
            + "actions.kafka_producer.stats { connector = k, parameters { topic = stats } }\n"
            + "actions.kafka_producer.raw { connector = k, parameters { topic = raw } }\n";
    private static final String WINDOWED = "rule_engine.rules.speed { sql = \"\"\"SELECT topic(2) AS vin, count(*) AS n,"
            + " avg(payload.speed) AS avg_speed FROM \"v/+/t\" GROUP BY TUMBLE('1 minute'), vin\"\"\","
            + " actions = [\"kafka_producer:stats\"] }\n";
    private static final String FOREACH = "rule_engine.rules.tyres { sql = \"\"\"FOREACH payload.tyres AS t DO t.psi AS psi"
            + " INCASE t.psi < 30 FROM \"v/+/t\"\"\"\", actions = [\"kafka_producer:raw\"] }\n";
    private static final String OTHER = "rule_engine.rules.alerts { sql = \"\"\"SELECT payload.speed AS s FROM \"v/#\""
            + " WHERE payload.speed > 120\"\"\", actions = [\"kafka_producer:raw\"] }\n";

    @Test
    void aRulesOperatorsKeepTheirIdsWhenOtherRulesComeAndGo() {
        Map<String, String> alone = operatorIds(BASE + WINDOWED + FOREACH);
        Map<String, String> ruleAddedBefore = operatorIds(BASE + OTHER + WINDOWED + FOREACH);
        Map<String, String> reordered = operatorIds(BASE + FOREACH + OTHER + WINDOWED);

        assertThat(alone.keySet()).as("operators of the rules speed and tyres, and the sources and sinks")
                .isSubsetOf(ruleAddedBefore.keySet()).isSubsetOf(reordered.keySet());
        // The ids kept include the window aggregation's, whose state holds the open windows.
        assertThat(alone.values()).anyMatch(name -> name.startsWith("WindowAggregate"));
    }

    @Test
    void anEditedRuleGetsNewIdsWhileLayoutAndCommentsKeepThem() {
        Map<String, String> before = uids(BASE + WINDOWED + FOREACH);
        String relaid = WINDOWED.replace("SELECT topic(2) AS vin,", "-- per car\n  SELECT topic(2) AS vin,\n ");
        String edited = WINDOWED.replace("count(*) AS n,", "count(*) AS n, max(payload.speed) AS top,");
        Map<String, String> sameRule = uids(BASE + relaid + FOREACH);
        Map<String, String> editedRule = uids(BASE + edited + FOREACH);

        assertThat(sameRule.keySet()).as("a comment and line breaks change no uid").isEqualTo(before.keySet());
        Set<String> window = before.entrySet().stream().filter(e -> e.getValue().contains("WindowAggregate"))
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        assertThat(window).allMatch(uid -> uid.matches("rule-speed-[0-9a-f]{8}-\\d+"));
        // The old windows (another aggregation) are never restored into the edited rule...
        assertThat(window).isNotEmpty();
        assertThat(editedRule.keySet()).doesNotContainAnyElementsOf(window);
        // ...while the other rule, the MQTT source and the Kafka actions and sinks keep theirs.
        Set<String> others = before.keySet().stream().filter(uid -> !uid.startsWith("rule-speed-"))
                .collect(Collectors.toSet());
        assertThat(others).contains("mqtt-source", "action-kafka-stats", "kafka-sink-stats", "rule-speed")
                .anyMatch(uid -> uid.startsWith("rule-tyres-"));
        assertThat(editedRule.keySet()).containsAll(others);
    }

    @Test
    void actionsBehindAWindowWithoutKeysCanBeRestoredAtAHigherParallelism() {
        String global = "rule_engine.rules.total { sql = \"\"\"SELECT count(*) AS n FROM \"v/+/t\""
                + " GROUP BY TUMBLE('1 minute')\"\"\", actions = [\"kafka_producer:stats\"] }\n";
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        BridgePipeline.build(env, BridgeConfigLoader.parse(BASE + global, Path.of(".")));
        JobVertex window = null;
        JobVertex sink = null;
        for (JobVertex v : env.getStreamGraph().getJobGraph().getVertices()) {
            if (v.getName().contains("WindowAggregate")) {
                window = v;
            }
            if (v.getName().contains("kafka_producer:stats")) {
                sink = v;
            }
        }
        assertThat(window).isNotNull();
        assertThat(window.getMaxParallelism()).as("Flink SQL runs a window without keys in one task").isEqualTo(1);
        // The Kafka sink's state (its transactions) is not chained into that task: its maximum parallelism is
        // Flink's default, so a redeploy at parallelism 2 or more can restore it.
        assertThat(sink).isNotSameAs(window);
        assertThat(sink.getMaxParallelism()).isNotEqualTo(1);
    }

    /** The uid of every operator that has one, to its operator name, over the stream graph of a configuration. */
    private static Map<String, String> uids(String conf) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        BridgePipeline.build(env, BridgeConfigLoader.parse(conf, Path.of(".")));
        Map<String, String> uids = new TreeMap<>();
        for (StreamNode node : env.getStreamGraph().getStreamNodes()) {
            if (node.getTransformationUID() != null) {
                uids.put(node.getTransformationUID(), node.getOperatorName());
            }
        }
        return uids;
    }

    /** Operator id to the name of its job vertex (its operator chain), over the job graph of a configuration. */
    private static Map<String, String> operatorIds(String conf) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        BridgePipeline.build(env, BridgeConfigLoader.parse(conf, Path.of(".")));
        Map<String, String> ids = new TreeMap<>();
        for (JobVertex v : env.getStreamGraph().getJobGraph().getVertices()) {
            for (OperatorIDPair pair : v.getOperatorIDs()) {
                ids.put(pair.getUserDefinedOperatorID().orElse(pair.getGeneratedOperatorID()).toString(), v.getName());
            }
        }
        return ids;
    }
}
