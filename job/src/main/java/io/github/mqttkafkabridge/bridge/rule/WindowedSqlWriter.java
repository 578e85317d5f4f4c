package io.github.mqttkafkabridge.bridge.rule;

import io.github.mqttkafkabridge.bridge.rule.RuleAst.Call;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Expr;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Field;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.GroupBy;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Path;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Window;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes a rule with {@code GROUP BY <window>, keys} as a Flink windowing table-valued function: a view with the
 * time attribute, the group keys and the aggregate arguments, then the windowed aggregation over it. The output
 * object holds the SELECT fields; {@code window_start} and {@code window_end} are epoch milliseconds.
 */
final class WindowedSqlWriter {
    static final Set<String> AGGREGATES = Set.of("count", "sum", "avg", "min", "max");

    private final String ruleId;
    private final RuleSource source;
    private final RuleAst.Statement statement;
    private final FlinkSqlWriter values;

    WindowedSqlWriter(String ruleId, RuleSource source, RuleAst.Statement statement, FlinkSqlWriter values) {
        this.ruleId = ruleId;
        this.source = source;
        this.statement = statement;
        this.values = values;
    }

    RuleQuery write(String inputView, String extraCondition) {
        GroupBy groupBy = statement.groupBy();
        if (statement.foreach() != null) {
            throw new RuleSyntaxException("FOREACH cannot be combined with GROUP BY", groupBy.line(), groupBy.column());
        }
        String timeColumn = groupBy.window().eventTime() ? "event_time" : "proc_time";
        List<String> keySql = new ArrayList<>();
        for (Expr key : groupBy.keys()) {
            keySql.add(values.value(resolveAlias(key), false));
        }
        List<String> inner = new ArrayList<>(List.of("`" + timeColumn + "`"));
        for (int i = 0; i < keySql.size(); i++) {
            // Grouped by the key's JSON text: SQL groups by value, and a rule value is its text.
            inner.add("RULE_KEY(" + keySql.get(i) + ") AS `k" + i + "`");
        }
        List<String> output = new ArrayList<>();
        int aggregates = 0;
        for (Field f : statement.fields()) {
            if (f.star()) {
                throw new RuleSyntaxException("SELECT * cannot be combined with GROUP BY", groupBy.line(),
                        groupBy.column());
            }
            output.add(FlinkSqlWriter.literal(FlinkSqlWriter.keyPath(f)));
            if (f.expr() instanceof Call c && AGGREGATES.contains(c.function())) {
                String column = "`a" + aggregates++ + "`";
                output.add(aggregate(c, column, inner));
            } else if (isWindowBound(f.expr())) {
                output.add("RULE_EPOCH_MILLIS(" + ((Path) f.expr()).root() + ")");
            } else {
                int key = keySql.indexOf(values.value(f.expr(), false));
                if (key < 0) {
                    throw new RuleSyntaxException("'" + f.sourceText() + "' must be an aggregate (count, sum, avg, min, "
                            + "max), window_start, window_end or a GROUP BY key", groupBy.line(), groupBy.column());
                }
                output.add("RULE_FROM_KEY(`k" + key + "`)");
            }
        }
        List<String> conditions = values.sourceConditions(extraCondition);
        if (statement.where() != null) {
            conditions.add("RULE_TRUE(" + values.value(statement.where(), true) + ")");
        }
        String viewName = "rule_window_input_" + ruleId.replaceAll("[^A-Za-z0-9_]", "_");
        String view = "CREATE TEMPORARY VIEW " + FlinkSqlWriter.quoteIdentifier(viewName) + " AS\nSELECT "
                + String.join(", ", inner) + "\nFROM " + FlinkSqlWriter.quoteIdentifier(inputView)
                + (conditions.isEmpty() ? "" : "\nWHERE " + String.join("\n  AND ", conditions));
        List<String> groupColumns = new ArrayList<>(List.of("window_start", "window_end"));
        for (int i = 0; i < keySql.size(); i++) {
            groupColumns.add("`k" + i + "`");
        }
        String query = "SELECT RULE_OUTPUT(" + String.join(", ", output) + ") AS `" + CompiledRule.OUTPUT_COLUMN
                + "`\nFROM TABLE(" + windowFunction(groupBy.window(), viewName, timeColumn) + ")\nGROUP BY "
                + String.join(", ", groupColumns);
        return new RuleQuery(List.of(view), query);
    }

    /** A GROUP BY key that names a SELECT alias means that field's expression. */
    private Expr resolveAlias(Expr key) {
        if (key instanceof Path p && p.steps().isEmpty()) {
            for (Field f : statement.fields()) {
                if (!f.star() && p.root().equals(f.aliasName())) {
                    return f.expr();
                }
            }
        }
        return key;
    }

    private String aggregate(Call c, String column, List<String> inner) {
        if (c.star()) {
            inner.add("1 AS " + column);
            return "COUNT(*)";
        }
        if (c.args().size() != 1) {
            throw new RuleSyntaxException(c.function() + "() takes one argument", c.line(), c.column());
        }
        String arg = values.value(c.args().get(0), false);
        if (c.function().equals("count")) {
            inner.add("RULE_KEY(" + arg + ") AS " + column);
            return "COUNT(" + column + ")";
        }
        inner.add("RULE_NUMBER(" + arg + ") AS " + column);
        return "RULE_FROM_NUMBER(" + c.function().toUpperCase() + "(" + column + "))";
    }

    private static boolean isWindowBound(Expr e) {
        return e instanceof Path p && p.steps().isEmpty()
                && (p.root().equals("window_start") || p.root().equals("window_end"));
    }

    private static String windowFunction(Window w, String view, String timeColumn) {
        String table = "TABLE " + FlinkSqlWriter.quoteIdentifier(view) + ", DESCRIPTOR(`" + timeColumn + "`), ";
        switch (w.kind()) {
            case "hop":
                return "HOP(" + table + interval(w.slide()) + ", " + interval(w.size()) + ")";
            case "session":
                return "SESSION(" + table + interval(w.size()) + ")";
            default:
                return "TUMBLE(" + table + interval(w.size()) + ")";
        }
    }

    /** {@code INTERVAL 'D HH:MM:SS.mmm' DAY TO SECOND(3)}, which holds any window length. */
    static String interval(Duration d) {
        return String.format("INTERVAL '%d %02d:%02d:%02d.%03d' DAY TO SECOND(3)", d.toDays(), d.toHoursPart(),
                d.toMinutesPart(), d.toSecondsPart(), d.toMillisPart());
    }
}
