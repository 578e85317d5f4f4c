package io.github.mqttkafkabridge.bridge;

import io.github.mqttkafkabridge.bridge.config.BridgeConfig;
import io.github.mqttkafkabridge.bridge.config.BridgeConfigLoader;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What deploy says about a new version against the running one, from the parts each job declares. */
class JobPartsTest {
    private static final String BASE = "mqtt { server = \"127.0.0.1:1883\" }\n"
            + "connectors.kafka_producer.k { bootstrap_hosts = \"127.0.0.1:9092\" }\n"
            + "actions.kafka_producer.stats { connector = k, parameters { topic = stats } }\n";
    private static final String RAW = "actions.kafka_producer.raw { connector = k, parameters { topic = raw } }\n";
    private static final String WINDOWED = "rule_engine.rules.speed { sql = \"\"\"SELECT topic(2) AS vin, count(*) AS n"
            + " FROM \"v/+/t\" GROUP BY TUMBLE('1 minute'), vin\"\"\", actions = [\"kafka_producer:stats\"] }\n";
    private static final String PER_HOUR = "rule_engine.rules.hourly { sql = \"\"\"SELECT count(*) AS n"
            + " FROM \"v/+/t\" GROUP BY TUMBLE('1 hour')\"\"\", actions = [\"kafka_producer:stats\"] }\n";
    private static final String ALERTS = "rule_engine.rules.alerts { sql = \"\"\"SELECT payload.speed AS s FROM \"v/#\""
            + " WHERE payload.speed > 120\"\"\", actions = [\"kafka_producer:raw\"] }\n";

    @Test
    void saysWhatIsAddedRemovedChangedAndWhichWindowsAreKept() {
        JobParts running = parts(BASE + RAW + WINDOWED + PER_HOUR + ALERTS);
        JobParts next = parts(BASE + WINDOWED + PER_HOUR.replace("1 hour", "2 hours")
                + "rule_engine.rules.fresh { sql = \"\"\"SELECT 1 AS one FROM \"f\" \"\"\", actions = [\"kafka_producer:stats\"] }\n");

        assertThat(next.changesFrom(running)).containsExactly(
                "action kafka_producer:raw removed: its transactions were committed by the savepoint; its state is dropped",
                "MQTT topic filter \"f\" added: the sessions subscribe to it",
                "MQTT topic filter \"v/#\" removed: the resumed sessions unsubscribe from it (what the broker queued "
                        + "for it meanwhile still arrives once, and no rule matches it)",
                "rule alerts removed: it had no state",
                "rule fresh added: it starts without state",
                "rule hourly changed: its open windows in the savepoint are dropped; its windows start empty",
                "rule speed unchanged: its open windows are restored from the savepoint");
        assertThat(next.dropsStateOf(running)).isTrue();
    }

    @Test
    void aRuleEditedOnlyInLayoutIsUnchangedAndDropsNothing() {
        JobParts running = parts(BASE + WINDOWED);
        JobParts next = parts(BASE + WINDOWED.replace("SELECT", "-- the same rule\nSELECT\n "));

        assertThat(next.changesFrom(running))
                .containsExactly("rule speed unchanged: its open windows are restored from the savepoint");
        assertThat(next.dropsStateOf(running)).isFalse();
    }

    @Test
    void theJobParametersCarryThePartsToTheNextDeploy() {
        JobParts parts = parts(BASE + WINDOWED);
        assertThat(parts.asJobParameters())
                .containsOnlyKeys("bridge.rule.speed", "bridge.action.stats", "bridge.mqtt_filter.v/+/t");
        assertThat(parts.asJobParameters().get("bridge.rule.speed")).matches("[0-9a-f]{8} windows");
        assertThat(JobParts.fromJobParameters(parts.asJobParameters()).changesFrom(parts))
                .containsExactly("rule speed unchanged: its open windows are restored from the savepoint");
    }

    @Test
    void theKeyedDeduplicationStaysAcrossAChangeOfParallelismAndGoesWithThePublisherId() {
        String ids = "mqtt.dedup_id = \"user_property:msgid\"\n";
        JobParts three = parts(BASE + ids + "flink.parallelism = 3\n" + WINDOWED);
        JobParts one = parts(BASE + ids + WINDOWED);
        JobParts fingerprint = parts(BASE + WINDOWED);

        assertThat(one.asJobParameters()).containsEntry("bridge.mqtt_dedup", "user_property:msgid");
        assertThat(three.changesFrom(one)).noneMatch(line -> line.contains("mqtt-dedup"));
        assertThat(one.dropsStateOf(three)).isFalse();
        assertThat(fingerprint.changesFrom(three)).contains("MQTT de-duplication by publisher id (mqtt-dedup) "
                + "removed: the message ids it remembers are dropped; each session recognises only its own "
                + "redeliveries");
        assertThat(fingerprint.dropsStateOf(three)).isTrue();
        assertThat(three.changesFrom(fingerprint))
                .contains("MQTT de-duplication by publisher id (mqtt-dedup) added: it starts without state");
    }

    @Test
    void aJobOfAnEarlierVersionDeclaresNoTopicFiltersSoNoneIsReportedAdded() {
        JobParts next = parts(BASE + WINDOWED);
        Map<String, String> earlier = new HashMap<>(next.asJobParameters());
        earlier.keySet().removeIf(key -> key.startsWith("bridge.mqtt_filter."));
        JobParts running = JobParts.fromJobParameters(earlier);

        assertThat(next.changesFrom(running))
                .containsExactly("rule speed unchanged: its open windows are restored from the savepoint");
        assertThat(next.dropsStateOf(running)).isFalse();
    }

    private static JobParts parts(String conf) {
        BridgeConfig config = BridgeConfigLoader.parse(conf, Path.of("."));
        return JobParts.of(config, BridgePipeline.compileRules(config));
    }
}
