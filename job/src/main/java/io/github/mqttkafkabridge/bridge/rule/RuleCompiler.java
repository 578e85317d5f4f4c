package io.github.mqttkafkabridge.bridge.rule;

import io.github.mqttkafkabridge.bridge.rule.RuleAst.Source;
import io.github.mqttkafkabridge.mqtt.common.TopicFilters;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses an EMQX rule, checks its FROM clause and functions, and prepares its Flink SQL. */
public final class RuleCompiler {
    private static final Pattern KAFKA_SOURCE = Pattern.compile("^\\$(bridges|sources)/kafka_consumer:(.+)$");

    private RuleCompiler() {}

    /** @throws RuleSyntaxException with the line and column of the problem */
    public static CompiledRule compile(String ruleId, String sql) {
        RuleAst.Statement statement = RuleParser.parse(sql);
        RuleSource source = analyseFrom(statement.from());
        FunctionChecker.check(statement);
        Source first = statement.from().get(0);
        return new CompiledRule(ruleId, sql, source, statement, first.line(), first.column());
    }

    private static RuleSource analyseFrom(List<Source> from) {
        List<String> filters = new ArrayList<>();
        String kafkaSource = null;
        for (Source s : from) {
            Matcher m = KAFKA_SOURCE.matcher(s.text());
            if (m.matches()) {
                if (kafkaSource != null || !filters.isEmpty()) {
                    throw new RuleSyntaxException("a rule reads either MQTT topics or one Kafka source, not both",
                            s.line(), s.column());
                }
                kafkaSource = m.group(2);
            } else if (s.text().startsWith("$bridges/") || s.text().startsWith("$sources/")
                    || s.text().startsWith("$events/")) {
                throw new RuleSyntaxException("unsupported source \"" + s.text()
                        + "\"; supported: MQTT topic filters and \"$bridges/kafka_consumer:<source>\"",
                        s.line(), s.column());
            } else {
                if (kafkaSource != null) {
                    throw new RuleSyntaxException("a rule reads either MQTT topics or one Kafka source, not both",
                            s.line(), s.column());
                }
                try {
                    TopicFilters.validateFilter(s.text());
                } catch (IllegalArgumentException e) {
                    throw new RuleSyntaxException(e.getMessage(), s.line(), s.column());
                }
                filters.add(s.text());
            }
        }
        return kafkaSource != null ? RuleSource.kafka(kafkaSource) : RuleSource.mqtt(filters);
    }
}
