package io.github.mqttkafkabridge.bridge.rule;

import io.github.mqttkafkabridge.bridge.rule.RuleAst.ArrayLiteral;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Binary;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Call;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Case;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Expr;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Field;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.In;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Literal;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Negate;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Not;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Path;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.PathStep;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleOutput;
import io.github.mqttkafkabridge.bridge.value.EventSchema;
import io.github.mqttkafkabridge.bridge.value.Json;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes the Flink SQL of one rule. Rule values are typed: columns and literals keep their SQL types (STRING,
 * BIGINT, BOOLEAN...), the payload, properties and every function result are rule values (a {@code RAW} type
 * carrying the parsed value, see {@code value.RuleValueTypeInfo}); the rule's operators and functions become calls
 * of the registered RULE_* and EMQX_* functions, and the FROM topic filters the SQL WHERE clause.
 *
 * <p>Each expression is evaluated once per message: a WHERE condition, and a SELECT field the condition also
 * reads, get a column of their own in a nested query ({@code ONCE(...)} keeps the planner from inlining them
 * into every place that reads them), and the outer query decides the outcome from those columns.
 */
final class FlinkSqlWriter {
    private static final String NULL = "CAST(NULL AS STRING)";
    private static final String ITEM_COLUMN = "`rule_item`";
    private static final String CONDITION_COLUMN = "`rule_condition`";
    private static final String INCASE_COLUMN = "`rule_incase`";
    /** Functions that read a field of the event. */
    static final Set<String> COLUMN_FUNCTIONS = Set.of("clientid", "username", "topic", "qos", "flags", "flag",
            "payload", "msgid");
    private static final Set<String> COMPARISONS = Set.of("=", "!=", "<>", "<", "<=", ">", ">=", "=~");

    private final String ruleId;
    private final RuleSource source;
    private final RuleAst.Statement statement;
    /** Single-name aliases from SELECT, usable in WHERE as in EMQX: alias to field index. */
    private final Map<String, Integer> aliases = new HashMap<>();
    /** The SQL of each SELECT field's value (null for {@code *}). */
    private final List<String> fieldSql = new ArrayList<>();
    /** Fields the WHERE condition reads too: evaluated once into a column, by field index. */
    private final Map<Integer, String> sharedFields = new java.util.TreeMap<>();
    /** Whether value() may share SELECT fields with the condition being written. */
    private boolean sharingFields;

    FlinkSqlWriter(String ruleId, RuleSource source, RuleAst.Statement statement) {
        this.ruleId = ruleId;
        this.source = source;
        this.statement = statement;
    }

    RuleQuery query(String inputView, String extraCondition) {
        if (statement.groupBy() != null) {
            return new WindowedSqlWriter(ruleId, source, statement, this).write(inputView, extraCondition);
        }
        return new RuleQuery(List.of(), write(inputView, extraCondition));
    }

    /** The conditions that select the rule's messages: its topic filters, plus {@code extraCondition}. */
    List<String> sourceConditions(String extraCondition) {
        List<String> conditions = new ArrayList<>();
        if (source.isMqtt()) {
            conditions.add("(" + source.topicFilters().stream()
                    .map(filter -> "RULE_TOPIC_MATCH(`topic`, " + literal(filter) + ")")
                    .collect(Collectors.joining(" OR ")) + ")");
        }
        if (extraCondition != null) {
            conditions.add(extraCondition);
        }
        return conditions;
    }

    private String write(String inputView, String extraCondition) {
        List<Field> fields = statement.fields();
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            fieldSql.add(f.star() ? null : value(f.expr(), false));
            if (!f.star() && f.alias() != null && f.alias().size() == 1) {
                aliases.putIfAbsent(f.alias().get(0), i);
            }
        }
        RuleAst.Foreach foreach = statement.foreach();
        String condition = null;
        if (statement.where() != null) {
            sharingFields = foreach == null;
            condition = value(statement.where(), true);
            sharingFields = false;
        }
        List<String> sourceConditions = sourceConditions(extraCondition);
        // The relation each level reads, and the filter of the first level, which reads the input view.
        String relation = quoteIdentifier(inputView);
        String filter = sourceConditions.isEmpty() ? "" : "\nWHERE " + String.join("\n  AND ", sourceConditions);
        if (!sharedFields.isEmpty()) {
            List<String> columns = new ArrayList<>(List.of("*"));
            sharedFields.forEach((i, column) -> columns.add("ONCE(" + fieldSql.get(i) + ") AS " + column));
            relation = subquery(String.join(", ", columns), relation + filter);
            filter = "";
        }
        List<String> guards = new ArrayList<>();
        if (condition != null) {
            relation = subquery("*, ONCE(" + condition + ") AS " + CONDITION_COLUMN, relation + filter);
            filter = "";
            guards.add(CONDITION_COLUMN);
        }
        if (foreach != null) {
            if (!filter.isEmpty()) {
                relation = subquery("*", relation + filter);
                filter = "";
            }
            relation += ",\n  LATERAL TABLE(RULE_EXPLODE(" + value(foreach.array(), false) + ")) AS foreach_element("
                    + ITEM_COLUMN + ")";
            guards.add(ITEM_COLUMN);
            if (foreach.incase() != null) {
                relation = subquery("*, ONCE(" + value(foreach.incase(), false) + ") AS " + INCASE_COLUMN, relation);
                guards.add(INCASE_COLUMN);
            }
        }
        return "SELECT " + guarded(guards, output()) + " AS `" + CompiledRule.OUTPUT_COLUMN + "`\nFROM " + relation
                + filter;
    }

    /** {@code (SELECT columns FROM from)}: one level of the nested query. */
    private static String subquery(String columns, String from) {
        return "(\n  SELECT " + columns + "\n  FROM " + indent(from) + "\n)";
    }

    private static String indent(String sql) {
        return sql.replace("\n", "\n  ");
    }

    /** The output object of every field (and, for FOREACH without DO, every column plus the element). */
    private String output() {
        List<String> outputArgs = new ArrayList<>();
        List<Field> fields = statement.fields();
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            if (f.star()) {
                outputArgs.add(literal(RuleOutput.MERGE));
                outputArgs.add(starObject());
            } else {
                outputArgs.add(literal(keyPath(f)));
                outputArgs.add(sharedFields.getOrDefault(i, fieldSql.get(i)));
            }
        }
        RuleAst.Foreach foreach = statement.foreach();
        if (foreach != null && !foreach.hasDo()) {
            outputArgs.add(literal(RuleOutput.MERGE));
            outputArgs.add(starObject());
            outputArgs.add(literal(RuleOutput.key(List.of(foreach.alias()))));
            outputArgs.add(ITEM_COLUMN);
        }
        return "RULE_OUTPUT(" + String.join(", ", outputArgs) + ")";
    }

    /**
     * The outcome: the first error among the guard columns, no result (NULL) when a condition is not true, else
     * the output. The item column of FOREACH is only checked for an error.
     */
    private static String guarded(List<String> guards, String output) {
        if (guards.isEmpty()) {
            return output;
        }
        StringBuilder sb = new StringBuilder("CASE");
        for (int i = 0; i < guards.size(); i++) {
            String g = guards.get(i);
            sb.append("\n    WHEN RULE_IS_ERROR(").append(g).append(") THEN ").append(g);
            if (!g.equals(ITEM_COLUMN)) {
                sb.append("\n    WHEN NOT RULE_TRUE(").append(g).append(") THEN NULL");
            }
        }
        return sb.append("\n    ELSE ").append(output).append(" END").toString();
    }

    /** The output key of a field: its alias, the path itself for {@code payload.a.b}, else its text. */
    static String keyPath(Field f) {
        List<String> names;
        if (f.alias() != null) {
            names = f.alias();
        } else if (f.expr() instanceof Path p && p.steps().stream().allMatch(s -> s.key() != null)) {
            names = new ArrayList<>();
            names.add(p.root());
            p.steps().forEach(s -> names.add(s.key()));
        } else {
            names = List.of(f.sourceText());
        }
        return RuleOutput.key(names);
    }

    private String starObject() {
        List<String> args = new ArrayList<>();
        for (EventSchema.Column c : source.schema().columns()) {
            if (c.inStar()) {
                args.add(literal(c.name()));
                args.add(quoteIdentifier(c.name()));
            }
        }
        if (source.isMqtt()) {
            args.add(literal("metadata"));
            args.add(metadata());
        }
        return "RULE_OUTPUT(" + String.join(", ", args) + ")";
    }

    private String metadata() {
        return "RULE_METADATA(" + literal(ruleId) + ")";
    }

    /**
     * The SQL of a rule expression. In the WHERE condition ({@code inWhere}) a single-name SELECT alias means
     * that field, and an expression a SELECT field computes too is read from the field's shared column.
     */
    String value(Expr e, boolean inWhere) {
        if (inWhere && sharingFields) {
            int field = fieldSql.indexOf(value(e, false));
            if (field >= 0 && !isCheap(fieldSql.get(field))) {
                return sharedField(field);
            }
        }
        if (e instanceof Literal l) {
            return sqlLiteral(l.json());
        }
        if (e instanceof Path p) {
            return path(p, inWhere);
        }
        if (e instanceof Call c) {
            String column = columnFunction(c, inWhere);
            if (column != null) {
                return column;
            }
            return "EMQX_" + c.function().toUpperCase() + "(" + c.args().stream().map(a -> value(a, inWhere))
                    .collect(Collectors.joining(", ")) + ")";
        }
        if (e instanceof Binary b) {
            String l = value(b.left(), inWhere);
            String r = value(b.right(), inWhere);
            if (b.operator().equals("and") || b.operator().equals("or")) {
                return "RULE_" + b.operator().toUpperCase() + "(" + l + ", " + r + ")";
            }
            if (COMPARISONS.contains(b.operator())) {
                return "RULE_CMP(" + literal(b.operator()) + ", " + l + ", " + r + ")";
            }
            return "RULE_ARITH(" + literal(b.operator()) + ", " + l + ", " + r + ")";
        }
        if (e instanceof Not n) {
            return "RULE_NOT(" + value(n.operand(), inWhere) + ")";
        }
        if (e instanceof Negate n) {
            return "RULE_ARITH('-', 0, " + value(n.operand(), inWhere) + ")";
        }
        if (e instanceof In in) {
            List<String> args = new ArrayList<>();
            args.add(value(in.value(), inWhere));
            in.candidates().forEach(c -> args.add(value(c, inWhere)));
            String call = "RULE_IN(" + String.join(", ", args) + ")";
            return in.negated() ? "RULE_NOT(" + call + ")" : call;
        }
        if (e instanceof ArrayLiteral a) {
            return "RULE_ARRAY(" + a.elements().stream().map(x -> value(x, inWhere))
                    .collect(Collectors.joining(", ")) + ")";
        }
        if (e instanceof Case c) {
            StringBuilder sb = new StringBuilder("CASE");
            for (int i = 0; i < c.whens().size(); i++) {
                String cond = c.subject() == null ? value(c.whens().get(i), inWhere)
                        : "RULE_CMP('=', " + value(c.subject(), inWhere) + ", " + value(c.whens().get(i), inWhere) + ")";
                sb.append(" WHEN RULE_TRUE(").append(cond).append(") THEN ")
                        .append(asValue(value(c.thens().get(i), inWhere)));
            }
            if (c.otherwise() != null) {
                sb.append(" ELSE ").append(asValue(value(c.otherwise(), inWhere)));
            }
            sb.append(" END");
            return sb.toString();
        }
        throw new IllegalStateException("unknown expression " + e);
    }

    /**
     * EMQX's event-field functions ({@code topic()}, {@code topic(N)}, {@code clientid()}, {@code payload('a.b')},
     * {@code flag(name)}...) read columns, so they compile to column references; null for other functions.
     */
    private String columnFunction(Call c, boolean inWhere) {
        String fn = c.function();
        if (!COLUMN_FUNCTIONS.contains(fn)) {
            return null;
        }
        List<RuleAst.PathStep> steps = new ArrayList<>();
        String root;
        switch (fn) {
            case "topic":
                if (c.args().size() == 1) {
                    return "EMQX_NTH(" + value(c.args().get(0), inWhere) + ", EMQX_SPLIT(" + pathOf("topic", inWhere)
                            + ", '/', 'notrim'))";
                }
                root = "topic";
                break;
            case "payload":
                root = "payload";
                if (c.args().size() == 1 && c.args().get(0) instanceof RuleAst.Literal lit) {
                    for (String key : Json.read(lit.json()).asText().split("\\.")) {
                        steps.add(new RuleAst.PathStep(key, null));
                    }
                }
                break;
            case "flag":
                root = "flags";
                if (c.args().size() == 1 && c.args().get(0) instanceof RuleAst.Literal lit) {
                    steps.add(new RuleAst.PathStep(Json.read(lit.json()).asText(), null));
                }
                break;
            case "msgid":
                root = "id";
                break;
            default:
                root = fn;
        }
        return path(new Path(root, steps, c.line(), c.column()), false);
    }

    private String pathOf(String column, boolean inWhere) {
        return path(new Path(column, List.of(), 0, 0), inWhere);
    }

    private String path(Path p, boolean inWhere) {
        String base;
        boolean strict = false;
        if (statement.foreach() != null && p.root().equals(statement.foreach().alias())) {
            base = ITEM_COLUMN;
        } else if (inWhere && aliases.containsKey(p.root())) {
            int field = aliases.get(p.root());
            if (!sharingFields) {
                base = value(statement.fields().get(field).expr(), false);
            } else {
                base = isCheap(fieldSql.get(field)) ? fieldSql.get(field) : sharedField(field);
            }
        } else if (source.isMqtt() && p.root().equals("metadata")) {
            base = metadata();
        } else {
            EventSchema.Column c = source.schema().column(p.root()).orElse(null);
            if (c == null) {
                // EMQX: an unknown name is undefined, not an error.
                base = NULL;
            } else {
                base = quoteIdentifier(c.name());
                strict = source.isMqtt() && c.name().equals("payload");
            }
        }
        if (p.steps().isEmpty()) {
            return base;
        }
        List<String> args = new ArrayList<>();
        args.add(base);
        for (PathStep s : p.steps()) {
            args.add(s.key() != null ? literal(s.key()) : value(s.index(), inWhere));
        }
        return (strict ? "RULE_GET_STRICT(" : "RULE_GET(") + String.join(", ", args) + ")";
    }

    /** The column a shared SELECT field is evaluated into. */
    private String sharedField(int field) {
        return sharedFields.computeIfAbsent(field, i -> "`select_" + (i + 1) + "`");
    }

    /** Whether an expression's SQL is a column, a literal or NULL: nothing to evaluate once. */
    private static boolean isCheap(String sql) {
        return !(sql.startsWith("RULE_") || sql.startsWith("EMQX_") || sql.startsWith("CASE"));
    }

    /** A CASE branch: CASE needs one type in all branches, so a column or literal becomes a rule value. */
    private static String asValue(String sql) {
        return isCheap(sql) ? "RULE_VALUE(" + sql + ")" : sql;
    }

    /** A rule literal (its JSON text) as a SQL literal of its own type. */
    private static String sqlLiteral(String json) {
        JsonNode v = Json.read(json);
        if (v == null || v.isNull()) {
            return NULL;
        }
        if (v.isTextual()) {
            return literal(v.textValue());
        }
        if (v.isBoolean()) {
            return v.booleanValue() ? "TRUE" : "FALSE";
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.canConvertToInt() ? Integer.toString(v.intValue()) : "CAST(" + v.longValue() + " AS BIGINT)";
        }
        if (v.isNumber()) {
            return "CAST(" + Json.write(v) + " AS DOUBLE)";
        }
        throw new IllegalStateException("not a literal: " + json);
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    static String quoteIdentifier(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
