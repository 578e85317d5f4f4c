package io.github.mqttkafkabridge.bridge;

import io.github.mqttkafkabridge.bridge.config.BridgeConfigLoader;

import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.OperatorIDPair;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

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
