package io.github.mqttkafkabridge.bridge.rule;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleCompilerTest {

    @Test
    void topicFiltersAndKafkaSourcesAreRecognised() {
        CompiledRule mqtt = RuleCompiler.compile("r", "SELECT * FROM \"t/#\", 'a/+/b'");
        assertThat(mqtt.source().isMqtt()).isTrue();
        assertThat(mqtt.source().topicFilters()).containsExactly("t/#", "a/+/b");

        CompiledRule kafka = RuleCompiler.compile("r", "select * from \"$sources/kafka_consumer:src\"");
        assertThat(kafka.source().kafkaSourceName()).isEqualTo("src");
    }

    @Test
    void errorsCarryLineAndColumn() {
        assertThatThrownBy(() -> RuleCompiler.compile("r", "SELECT a,\n  b +\nFROM \"t/#\""))
                .isInstanceOf(RuleSyntaxException.class)
                .hasMessage("line 3, column 1: unexpected keyword 'FROM'");
        assertThatThrownBy(() -> RuleCompiler.compile("r", "SELECT nope(1) FROM \"t/#\""))
                .hasMessage("line 1, column 8: unknown function nope()");
        assertThatThrownBy(() -> RuleCompiler.compile("r", "SELECT * FROM \"t/#/x\""))
                .hasMessageStartingWith("line 1, column 15:");
        assertThatThrownBy(() -> RuleCompiler.compile("r", "SELECT * FROM \"$events/client/connected\""))
                .hasMessageContaining("unsupported source");
    }

    @Test
    void commentsAndCaseInsensitiveKeywordsAreAccepted() {
        CompiledRule rule = RuleCompiler.compile("r", "-- a comment\nselect payload.a as x -- trailing\nFrOm \"t/1\" where x = 1");
        assertThat(rule.flinkSql("v")).contains("RULE_TOPIC_MATCH(`topic`, 't/1')").contains("RULE_TRUE(");
    }

    @Test
    void compiledSqlReadsTheGivenViewAndQuotesLiterals() {
        String sql = RuleCompiler.compile("r", "SELECT 'it''s' AS s FROM \"t/#\"").flinkSql("my view");
        assertThat(sql).contains("FROM `my view`").contains("RULE_OUTPUT(");
    }

    @Test
    void windowedRulesCompileToAWindowTableFunction() {
        CompiledRule rule = RuleCompiler.compile("stats", "SELECT topic(2) AS car, avg(payload.v) AS v, window_end "
                + "FROM \"c/#\" GROUP BY HOP('10 seconds', '1 minute', 'event'), car");
        RuleQuery query = rule.query("in");
        assertThat(rule.isWindowed()).isTrue();
        assertThat(query.preparation()).singleElement().asString()
                .startsWith("CREATE TEMPORARY VIEW `rule_window_input_stats`").contains("`event_time`");
        assertThat(query.query()).contains("HOP(TABLE `rule_window_input_stats`, DESCRIPTOR(`event_time`), "
                + "INTERVAL '0 00:00:10.000' DAY TO SECOND(3), INTERVAL '0 00:01:00.000' DAY TO SECOND(3))")
                .contains("GROUP BY window_start, window_end, `k0`");
    }

    @Test
    void windowedRuleMistakesAreReportedWithPositions() {
        assertThatThrownBy(() -> RuleCompiler.compile("r", "SELECT payload.v AS v FROM \"c/#\"\nGROUP BY TUMBLE('1 minute')")
                .query("in")).hasMessage("line 2, column 1: 'payload.v' must be an aggregate (count, sum, avg, min, "
                        + "max), window_start, window_end or a GROUP BY key");
        assertThatThrownBy(() -> RuleCompiler.compile("r", "SELECT count(*) AS n FROM \"c/#\" GROUP BY TUMBLE('soon')"))
                .hasMessageStartingWith("line 1, column 49: 'soon' is not a duration");
        assertThatThrownBy(() -> RuleCompiler.compile("r", "SELECT count(*) AS n FROM \"c/#\" GROUP BY topic"))
                .hasMessageStartingWith("line 1, column 33: GROUP BY needs a window");
        assertThatThrownBy(() -> RuleCompiler.compile("r", "SELECT avg(payload.v) AS n FROM \"c/#\""))
                .hasMessage("line 1, column 8: unknown function avg()");
    }
}
