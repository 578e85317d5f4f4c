package io.github.mqttkafkabridge.bridge.rule;

/**
 * A rule turned into Flink SQL. The query reads the input view named by {@link #source()} and yields, for every
 * message its FROM clause matches, one STRING column {@code output}: the rule's output object as JSON when the
 * rule passed, NULL when its WHERE clause was false, or a {@code value.RuleError} (see {@link RuleOutcome}).
 */
public record CompiledRule(String ruleId, String ruleSql, RuleSource source, RuleAst.Statement statement,
                           int fromLine, int fromColumn) {

    public static final String OUTPUT_COLUMN = "output";

    /** The Flink SQL over {@code inputView}. */
    public RuleQuery query(String inputView) {
        return query(inputView, null);
    }

    /** The Flink SQL over {@code inputView}, with an extra SQL condition ({@code rule test}, the republish loop guard). */
    public RuleQuery query(String inputView, String extraCondition) {
        return new FlinkSqlWriter(ruleId, source, statement).query(inputView, extraCondition);
    }

    /**
     * The SQL condition that skips MQTT messages this rule republished itself (they carry its id in the user
     * property {@code bridge-republished-by}), for {@link #query(String, String)}.
     */
    public String notRepublishedByItself() {
        return notRepublishedBy(java.util.List.of(ruleId));
    }

    /**
     * The condition that skips MQTT messages the bridge republished for one of {@code publishers}: this rule, or
     * a Kafka action of it whose fallback republishes.
     */
    public String notRepublishedBy(java.util.Collection<String> publishers) {
        return publishers.stream()
                .map(id -> "NOT RULE_REPUBLISHED_BY(`pub_props`, " + FlinkSqlWriter.literal(id) + ")")
                .collect(java.util.stream.Collectors.joining(" AND "));
    }

    /** The Flink SQL of a rule without GROUP BY; for tests and tools. */
    public String flinkSql(String inputView) {
        return query(inputView).explain();
    }

    /**
     * What the rule computes, in eight hex digits: a hash of its tokens, so comments, line breaks and spacing do
     * not count. Part of its operators' uids (see {@code JobParts}).
     */
    public String fingerprint() {
        StringBuilder tokens = new StringBuilder();
        for (Token t : RuleLexer.tokenize(ruleSql)) {
            tokens.append(t.kind()).append(' ').append(t.text()).append('\n');
        }
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(tokens.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(hash, 0, 4);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public boolean isWindowed() {
        return statement.groupBy() != null;
    }
}
