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
}
