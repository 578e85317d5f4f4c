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
    /**
     * The fields whose aliases the rest of the rule reads: the SELECT fields, or FOREACH's fields with the array
     * last (under the element's alias).
     */
    private final List<Field> selected = new ArrayList<>();
    /** The SQL of each selected field's value (null for {@code *}). */
    private final List<String> fieldSql = new ArrayList<>();
    /**
     * Where the expression being written looks a name up, as EMQX does: first the output being built from these
     * fields, falling back to the message when it is undefined there (a later SELECT or DO field reads an
     * earlier one's alias)...
     */
    private List<Field> earlierFields = List.of();
    private List<String> earlierFieldSql = List.of();
    /** ...else the selected fields, which win over the message's columns (WHERE, DO and INCASE read those)... */
    private boolean readsSelected;
    /** ...and the FOREACH element under its alias (DO and INCASE). */
    private boolean readsItem;
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
        RuleAst.Foreach foreach = statement.foreach();
        if (foreach == null) {
            selected.addAll(statement.fields());
        } else {
            // The array is selected too, under its alias or, without one, its path (EMQX's FOREACH payload.list
            // makes payload {"list": [...]} for DO and WHERE).
            selected.addAll(foreach.selected());
            selected.add(foreach.collection());
        }
        for (int i = 0; i < selected.size(); i++) {
            Field f = selected.get(i);
            readingEarlier(selected.subList(0, i), fieldSql);
            fieldSql.add(f.star() ? null : value(f.expr(), false));
        }
        readingEarlier(List.of(), List.of());
        String condition = null;
        readsSelected = true;
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
            relation += ",\n  LATERAL TABLE(RULE_EXPLODE(" + fieldSql.get(selected.size() - 1)
                    + ")) AS foreach_element(" + ITEM_COLUMN + ")";
            guards.add(ITEM_COLUMN);
            readsItem = true;
            if (foreach.incase() != null) {
                relation = subquery("*, ONCE(" + value(foreach.incase(), false) + ") AS " + INCASE_COLUMN, relation);
                guards.add(INCASE_COLUMN);
            }
        }
        String output = output();
        readsSelected = false;
        readsItem = false;
        return "SELECT " + guarded(guards, output) + " AS `" + CompiledRule.OUTPUT_COLUMN + "`\nFROM " + relation
                + filter;
    }

    /** The following expressions read the aliases of {@code fields} (whose SQL is {@code sql}) first. */
    private void readingEarlier(List<Field> fields, List<String> sql) {
        earlierFields = fields;
        earlierFieldSql = sql;
    }

    /** {@code (SELECT columns FROM from)}: one level of the nested query. */
    private static String subquery(String columns, String from) {
        return "(\n  SELECT " + columns + "\n  FROM " + indent(from) + "\n)";
    }

    private static String indent(String sql) {
        return sql.replace("\n", "\n  ");
    }

    /**
     * The output object of every field (and, for FOREACH without DO, every column, the selected fields and the
     * element).
     */
    private String output() {
        RuleAst.Foreach foreach = statement.foreach();
        if (foreach == null) {
            return outputObject(statement.fields(), fieldSql, sharedFields);
        }
        if (foreach.hasDo()) {
            // DO fields read the earlier DO fields' aliases first, as SELECT fields do.
            List<String> doSql = new ArrayList<>();
            for (int i = 0; i < statement.fields().size(); i++) {
                Field f = statement.fields().get(i);
                readingEarlier(statement.fields().subList(0, i), doSql);
                doSql.add(f.star() ? null : value(f.expr(), false));
            }
            readingEarlier(List.of(), List.of());
            return outputObject(statement.fields(), doSql, Map.of());
        }
        // EMQX: the columns, the selected fields (the array too, whole, under its alias or path), then the
        // element under its alias.
        List<Field> all = new ArrayList<>(List.of(new Field(true, null, null, "*")));
        all.addAll(selected);
        all.add(new Field(false, null, List.of(new PathStep(foreach.alias(), null)), foreach.alias()));
        List<String> sql = new ArrayList<>();
        sql.add(null);
        sql.addAll(fieldSql);
        sql.add(ITEM_COLUMN);
        return outputObject(all, sql, Map.of());
    }

    /** {@code RULE_OUTPUT} of fields whose values are {@code sql} (or a shared column, by field index). */
    private String outputObject(List<Field> fields, List<String> sql, Map<Integer, String> shared) {
        List<String> outputArgs = new ArrayList<>();
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            if (f.star()) {
                outputArgs.add(literal(RuleOutput.MERGE));
                outputArgs.add(starObject());
            } else {
                outputArgs.add(literal(keyPath(f)));
                outputArgs.add(shared.getOrDefault(i, sql.get(i)));
            }
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

    /**
     * The output key of a field: its alias, the path itself for {@code payload.a.b} or {@code payload.a[1]} (as
     * EMQX writes a field without alias), else its text.
     */
    static String keyPath(Field f) {
        return RuleOutput.key(keySteps(f));
    }

    /** The output key of a field as names and indexes (see {@link #keyPath}). */
    private static List<Object> keySteps(Field f) {
        List<Object> steps = new ArrayList<>();
        if (f.alias() != null) {
            // An alias index is a constant; -0 (after the last element) is null in the key.
            f.alias().forEach(s -> steps.add(s.key() != null ? s.key()
                    : s.index() instanceof Negate ? negatedIndex(constantIndex(s.index())) : constantIndex(s.index())));
        } else if (f.expr() instanceof Path p && isOutputPath(p)) {
            steps.add(p.root());
            for (PathStep s : p.steps()) {
                if (s.range() == null) {
                    steps.add(s.key() != null ? s.key() : constantIndex(s.index()));
                }
            }
        } else {
            steps.add(f.sourceText());
        }
        return steps;
    }

    /** Whether a path names its output key: keys and constant indexes, and a range as the last step. */
    private static boolean isOutputPath(Path p) {
        return p.steps().stream().allMatch(s -> s.key() != null || s.range() != null || constantIndex(s.index()) != null);
    }

    private static Integer negatedIndex(Integer i) {
        return i == null || i == 0 ? null : i;
    }

    /** The integer of a constant index step, or null. */
    private static Integer constantIndex(Expr index) {
        if (index instanceof Literal l) {
            JsonNode v = Json.read(l.json());
            return v.canConvertToInt() && v.isIntegralNumber() ? v.intValue() : null;
        }
        if (index instanceof Negate n) {
            Integer i = constantIndex(n.operand());
            return i == null ? null : -i;
        }
        return null;
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
        if (e instanceof RuleAst.Range r) {
            return "RULE_RANGE(" + r.begin() + ", " + r.end() + ")";
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

    /**
     * A name and the steps after it, looked up as EMQX does: the FOREACH element; else the output of the earlier
     * fields, falling back to the message where it is undefined; else, in WHERE, DO and INCASE, the selected
     * fields, which replace the columns of the same name; else the message's column (an unknown name is
     * undefined, not an error).
     */
    private String path(Path p, boolean inWhere) {
        RuleAst.Foreach foreach = statement.foreach();
        if (readsItem && p.root().equals(foreach.alias())) {
            return steps(ITEM_COLUMN, p, 0, false, inWhere);
        }
        String selectedValue = readsSelected ? selectedPath(selected, fieldSql, p, inWhere) : null;
        String found = selectedValue != null ? selectedValue : columnPath(p, inWhere);
        String earlier = selectedPath(earlierFields, earlierFieldSql, p, inWhere);
        if (earlier == null || earlier.equals(NULL)) {
            return found;
        }
        return found.equals(NULL) ? earlier : "RULE_OR_ELSE(" + earlier + ", " + found + ")";
    }

    /** A path on the message's columns. */
    private String columnPath(Path p, boolean inWhere) {
        if (source.isMqtt() && p.root().equals("metadata")) {
            return steps(metadata(), p, 0, false, inWhere);
        }
        EventSchema.Column c = source.schema().column(p.root()).orElse(null);
        if (c == null) {
            return NULL;
        }
        if (source.isMqtt() && c.name().equals("payload")) {
            // EMQX fails a message whose payload a path must look into but which holds no JSON, and reads a name
            // inside an index from the payload: payload.a[b] is payload.a[payload.b].
            return steps(quoteIdentifier(c.name()), payloadRelative(p), 0, true, inWhere);
        }
        return steps(quoteIdentifier(c.name()), p, 0, false, inWhere);
    }

    /** {@code p} with the names in its index steps read from the payload. */
    private static Path payloadRelative(Path p) {
        List<PathStep> steps = new ArrayList<>();
        for (PathStep s : p.steps()) {
            if (s.index() instanceof Path name) {
                List<PathStep> inner = new ArrayList<>();
                inner.add(new PathStep(name.root(), null));
                inner.addAll(payloadRelative(name).steps());
                steps.add(new PathStep(null, new Path(p.root(), inner, name.line(), name.column())));
            } else {
                steps.add(s);
            }
        }
        return new Path(p.root(), steps, p.line(), p.column());
    }

    /**
     * What the output the fields build holds at path {@code p}, or null when no field writes its first name (a
     * field writes the first name of its alias, or of its path without alias). When one field writes that name
     * and its key is a start of the path, or the path leaves it by another key, this is worked out here and the
     * output object is not built.
     */
    private String selectedPath(List<Field> fields, List<String> sql, Path p, boolean inWhere) {
        int writers = 0;
        int prefixWriter = -1;
        int prefixWriters = 0;
        boolean others = false;
        for (int i = 0; i < fields.size(); i++) {
            Field f = fields.get(i);
            if (f.star() || !p.root().equals(keySteps(f).get(0))) {
                continue;
            }
            writers++;
            int common = keyPrefixOf(keySteps(f), p);
            if (common > 0) {
                prefixWriter = i;
                prefixWriters++;
            } else if (common == 0) {
                others = true;
            }
        }
        if (writers == 0) {
            return null;
        }
        if (!others && prefixWriters == 0) {
            // Every field writing that name writes other keys below it.
            return NULL;
        }
        if (!others && prefixWriters == 1) {
            int skip = keySteps(fields.get(prefixWriter)).size() - 1;
            String value = sql.get(prefixWriter);
            // A selected payload is still the payload: a path into it fails when it is not JSON.
            boolean payload = source.isMqtt() && value.equals(quoteIdentifier("payload"));
            return steps(value, payload ? payloadRelative(p) : p, skip, payload, inWhere);
        }
        return steps("RULE_GET(" + outputObject(fields, sql, Map.of()) + ", " + literal(p.root()) + ")", p, 0, false,
                inWhere);
    }

    /**
     * How a field's output key relates to a path with the same first name: the key's length when the key is a
     * start of the path (the path reads the field's value or something in it), -1 when they part at two different
     * names (the path reads nothing the field writes), 0 otherwise (indexes, or a path shorter than the key).
     */
    private static int keyPrefixOf(List<Object> key, Path p) {
        for (int k = 1; k < key.size(); k++) {
            if (k > p.steps().size()) {
                return 0;
            }
            PathStep step = p.steps().get(k - 1);
            if (!(key.get(k) instanceof String name) || step.key() == null) {
                return 0;
            }
            if (!name.equals(step.key())) {
                return -1;
            }
        }
        return key.size();
    }

    /** {@code base} followed by the steps of {@code p} after the first {@code skip}. */
    private String steps(String base, Path p, int skip, boolean strict, boolean inWhere) {
        List<String> args = new ArrayList<>();
        PathStep range = null;
        for (PathStep s : p.steps().subList(skip, p.steps().size())) {
            if (s.range() != null) {
                range = s;
            } else {
                args.add(s.key() != null ? literal(s.key()) : value(s.index(), inWhere));
            }
        }
        String get = args.isEmpty() ? base
                : (strict ? "RULE_GET_STRICT(" : "RULE_GET(") + base + ", " + String.join(", ", args) + ")";
        return range == null ? get
                : "RULE_SUBLIST(" + get + ", " + range.range().begin() + ", " + range.range().end() + ")";
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
