package io.github.mqttkafkabridge.bridge.rule;

import io.github.mqttkafkabridge.bridge.value.EventSchema;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the planner makes of a compiled rule: each expression once in the optimized plan, not only in the SQL
 * text (the planner inlines deterministic projections into every place that reads them).
 */
class EvaluatedOnceTest {
    private static StreamTableEnvironment tEnv;

    @BeforeAll
    static void planner() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        tEnv = StreamTableEnvironment.create(env);
        RuleFunctionRegistry.registerAll(tEnv);
        tEnv.createTemporaryView("mqtt_messages", env.fromData(java.util.List.of(Row.withPositions(EventSchema.MQTT.columns().size())), EventSchema.MQTT.rowType()));
    }

    @Test
    void theReadmeExampleReadsThePayloadOnceAndComparesOnce() {
        String plan = optimizedPlan("SELECT payload.speed AS s, clientid FROM \"car/+\" WHERE payload.speed > 100");
        assertThat(count(plan, "RULE_GET_STRICT(")).isEqualTo(1);
        assertThat(count(plan, "RULE_CMP(")).isEqualTo(1);
    }

    @Test
    void aConditionOnAnAliasIsEvaluatedOnce() {
        String plan = optimizedPlan("SELECT upper(payload.name) AS n FROM \"t/#\" WHERE n = 'A' or n = 'B'");
        assertThat(count(plan, "EMQX_UPPER(")).isEqualTo(1);
        assertThat(count(plan, "RULE_OR(")).isEqualTo(1);
    }

    @Test
    void foreachEvaluatesTheArrayAndTheConditionsOnce() {
        String plan = optimizedPlan("FOREACH payload.list AS x DO x.id AS id INCASE x.on = true FROM \"t/#\" "
                + "WHERE payload.enabled = true");
        // One correlation calls the table function once per message (its node prints the call twice).
        assertThat(count(plan, "Correlate(")).isEqualTo(1);
        assertThat(count(plan, "'on'")).isEqualTo(1);
        assertThat(count(plan, "'enabled'")).isEqualTo(1);
    }

    private static String optimizedPlan(String rule) {
        String explain = RuleCompiler.compile("r", rule).query("mqtt_messages").toTable(tEnv).explain();
        // The optimized physical plan only: the explain output also prints the abstract syntax tree.
        int physical = explain.indexOf("== Optimized Physical Plan ==");
        int execution = explain.indexOf("== Optimized Execution Plan ==");
        return explain.substring(physical, execution);
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
