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
import io.github.mqttkafkabridge.bridge.rule.udf.Json;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes the Flink SQL of one rule. Rule values are JSON text in STRING columns (see
 * {@code rule.udf.Json}); the rule's operators and functions become calls of the registered RULE_* and EMQX_*
 * functions, and the FROM topic filters and WHERE clause become the SQL WHERE clause.
 */
final class FlinkSqlWriter {
    private static final String NULL = "CAST(NULL AS STRING)";
    private static final String ITEM_COLUMN = "`rule_item`";
    /** Functions that read a field of the event. */
    static final Set<String> COLUMN_FUNCTIONS = Set.of("clientid", "username", "topic", "qos", "flags", "flag",
            "payload", "msgid", "peerhost", "clientip");
    private static final Set<String> COMPARISONS = Set.of("=", "!=", "<>", "<", "<=", ">", ">=", "=~");

    private final String ruleId;
    private final RuleSource source;
    private final RuleAst.Statement statement;
    /** Single-name aliases from SELECT, usable in WHERE as in EMQX. */
    private final Map<String, Expr> aliases = new HashMap<>();

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
        List<String> outputArgs = new ArrayList<>();
        for (Field f : statement.fields()) {
            if (f.star()) {
                outputArgs.add(literal("*"));
                outputArgs.add(starObject());
            } else {
                outputArgs.add(literal(keyPath(f)));
                outputArgs.add(value(f.expr(), false));
                if (f.alias() != null && f.alias().size() == 1) {
                    aliases.put(f.alias().get(0), f.expr());
                }
            }
        }
        RuleAst.Foreach foreach = statement.foreach();
        if (foreach != null && !foreach.hasDo()) {
            // Without DO: every column plus the element under its alias.
            outputArgs.add(literal("*"));
            outputArgs.add(starObject());
            outputArgs.add(literal("[" + RuleParser.jsonString(foreach.alias()) + "]"));
            outputArgs.add(ITEM_COLUMN);
        }
        String output = "RULE_OUTPUT(" + String.join(", ", outputArgs) + ")";
        String from = quoteIdentifier(inputView);
        if (foreach != null) {
            if (foreach.incase() != null) {
                output = guarded(value(foreach.incase(), false), output);
            }
            // An element that is an error (the array expression failed) fails the message.
            output = "CASE WHEN RULE_IS_ERROR(" + ITEM_COLUMN + ") THEN " + ITEM_COLUMN + " ELSE " + output + " END";
            from += ",\n  LATERAL TABLE(RULE_EXPLODE(" + value(foreach.array(), false) + ")) AS foreach_element("
                    + ITEM_COLUMN + ")";
        }
        String projection = output;
        if (statement.where() != null) {
            // No result when the condition is false, the error when evaluating it failed (counted by the job).
            projection = guarded(value(statement.where(), true), output);
        }
        List<String> conditions = sourceConditions(extraCondition);
        return "SELECT " + projection + " AS `" + CompiledRule.OUTPUT_COLUMN + "`\nFROM " + from
                + (conditions.isEmpty() ? "" : "\nWHERE " + String.join("\n  AND ", conditions));
    }

    /** {@code output} when {@code condition} holds, its error when it failed, else no result (NULL). */
    private static String guarded(String condition, String output) {
        return "CASE WHEN RULE_TRUE(" + condition + ") THEN " + output
                + "\n    WHEN RULE_IS_ERROR(" + condition + ") THEN " + condition
                + "\n    ELSE " + NULL + " END";
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
        return names.stream().map(RuleParser::jsonString).collect(Collectors.joining(",", "[", "]"));
    }

    private String starObject() {
        List<String> args = new ArrayList<>();
        for (EventSchema.Column c : source.schema().columns()) {
            if (c.inStar()) {
                args.add(literal("[" + RuleParser.jsonString(c.name()) + "]"));
                args.add(column(c));
            }
        }
        if (source.isMqtt()) {
            args.add(literal("[\"metadata\"]"));
            args.add(metadata());
        }
        return "RULE_OUTPUT(" + String.join(", ", args) + ")";
    }

    private String metadata() {
        return literal("{\"rule_id\":" + RuleParser.jsonString(ruleId) + "}");
    }

    private static String column(EventSchema.Column c) {
        String ref = quoteIdentifier(c.name());
        switch (c.kind()) {
            case TEXT:
                return "RULE_STR(" + ref + ")";
            case NUMBER:
                return "CAST(" + ref + " AS STRING)";
            default:
                return ref;
        }
    }

    String value(Expr e, boolean inWhere) {
        if (e instanceof Literal l) {
            return literal(l.json());
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
            return "RULE_ARITH('-', '0', " + value(n.operand(), inWhere) + ")";
        }
        if (e instanceof In in) {
            List<String> args = new ArrayList<>();
            args.add(value(in.value(), inWhere));
            in.candidates().forEach(c -> args.add(value(c, inWhere)));
            String call = "RULE_IN(" + String.join(", ", args) + ")";
            return in.negated() ? "RULE_NOT(" + call + ")" : call;
        }
        if (e instanceof ArrayLiteral a) {
            if (a.elements().isEmpty()) {
                return literal("[]");
            }
            return "RULE_ARRAY(" + a.elements().stream().map(x -> value(x, inWhere))
                    .collect(Collectors.joining(", ")) + ")";
        }
        if (e instanceof Case c) {
            StringBuilder sb = new StringBuilder("CASE");
            for (int i = 0; i < c.whens().size(); i++) {
                String cond = c.subject() == null ? value(c.whens().get(i), inWhere)
                        : "RULE_CMP('=', " + value(c.subject(), inWhere) + ", " + value(c.whens().get(i), inWhere) + ")";
                sb.append(" WHEN RULE_TRUE(").append(cond).append(") THEN ").append(value(c.thens().get(i), inWhere));
            }
            sb.append(" ELSE ").append(c.otherwise() == null ? NULL : value(c.otherwise(), inWhere)).append(" END");
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
                            + ", '\"/\"', '\"notrim\"'))";
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
            base = value(aliases.get(p.root()), false);
        } else if (source.isMqtt() && p.root().equals("metadata")) {
            base = metadata();
        } else {
            EventSchema.Column c = source.schema().column(p.root()).orElse(null);
            if (c == null) {
                // EMQX: an unknown name is undefined, not an error.
                base = NULL;
            } else {
                base = column(c);
                strict = source.isMqtt() && c.name().equals("payload");
            }
        }
        if (p.steps().isEmpty()) {
            return base;
        }
        List<String> args = new ArrayList<>();
        args.add(base);
        for (PathStep s : p.steps()) {
            args.add(s.key() != null ? literal(RuleParser.jsonString(s.key())) : value(s.index(), inWhere));
        }
        return (strict ? "RULE_GET_STRICT(" : "RULE_GET(") + String.join(", ", args) + ")";
    }

    static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    static String quoteIdentifier(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}
