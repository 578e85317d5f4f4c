package io.github.mqttkafkabridge.bridge.rule;

/**
 * A rule turned into Flink SQL. The query reads the input view named by {@link #source()} and yields one
 * STRING column {@code output}: the rule's output object as JSON.
 */
public record CompiledRule(String ruleId, String ruleSql, RuleSource source, RuleAst.Statement statement,
                           int fromLine, int fromColumn) {

    public static final String OUTPUT_COLUMN = "output";

    /** The Flink SQL over {@code inputView}. */
    public String flinkSql(String inputView) {
        return flinkSql(inputView, null);
    }

    /** The Flink SQL over {@code inputView}, with an extra SQL condition (used by {@code rule test}). */
    public String flinkSql(String inputView, String extraCondition) {
        return new FlinkSqlWriter(ruleId, source, statement).write(inputView, extraCondition);
    }
}
