package io.github.mqttkafkabridge.bridge.rule;

import java.util.List;

/** Syntax tree of an EMQX rule statement. */
public final class RuleAst {
    private RuleAst() {}

    /**
     * {@code SELECT fields FROM sources [WHERE condition]}, or with {@code foreach} set:
     * {@code FOREACH expr [AS alias] [DO fields] [INCASE condition] FROM sources [WHERE condition]}, where
     * {@code fields} are the DO fields (empty without DO).
     */
    public record Statement(List<Field> fields, List<Source> from, Expr where, Foreach foreach, GroupBy groupBy) {}

    /** {@code GROUP BY <window>, key, ...}: Flink windowed aggregation (beyond EMQX). */
    public record GroupBy(Window window, List<Expr> keys, int line, int column) {}

    /**
     * {@code TUMBLE('1 minute')}, {@code HOP('10 seconds', '1 minute')} (slide, size) or
     * {@code SESSION('30 seconds')}, optionally with {@code 'event'} time (the receive time) instead of the
     * default processing time as the last argument.
     */
    public record Window(String kind, java.time.Duration size, java.time.Duration slide, boolean eventTime) {}

    /**
     * The FOREACH part: the array expression, the element's alias (default {@code item}), INCASE, and the fields
     * before the array ({@code FOREACH json_decode(payload) AS p, p.list AS item ...}), which later fields, DO,
     * INCASE and WHERE read by their aliases.
     */
    public record Foreach(Expr array, String alias, boolean hasDo, Expr incase, List<Field> selected,
                          Field collection) {}

    /** A quoted FROM entry with its position, for error messages. */
    public record Source(String text, int line, int column) {}

    /**
     * A SELECT field: {@code *} (expr and alias null) or an expression with an optional alias path of keys and
     * constant indexes ({@code AS payload.data[1].name}).
     */
    public record Field(boolean star, Expr expr, List<PathStep> alias, String sourceText) {
        /** The alias when it is one name, else null. */
        public String aliasName() {
            return alias != null && alias.size() == 1 && alias.get(0).key() != null ? alias.get(0).key() : null;
        }

        /** The first name of the alias (the output key it writes into), or null without an alias. */
        public String aliasRoot() {
            return alias == null ? null : alias.get(0).key();
        }
    }

    /** Expression nodes. */
    public sealed interface Expr permits Literal, Path, Call, Binary, Not, Negate, In, ArrayLiteral, Case, Range {}

    /** A literal as JSON text ({@code "abc"}, {@code 12}, {@code true}). */
    public record Literal(String json) implements Expr {}

    /** {@code root.a.'b'[1][x]}: each step is a key name or an index expression. */
    public record Path(String root, List<PathStep> steps, int line, int column) implements Expr {}

    /**
     * One step of a path: a key, an index expression (1-based, negative from the end), or, as the last step, a
     * range of indexes {@code [2..-1]} (the sublist, both ends included).
     */
    public record PathStep(String key, Expr index, Range range) {
        public PathStep(String key, Expr index) {
            this(key, index, null);
        }
    }

    /** {@code [begin..end]}: alone, the list of the integers from begin to end; as a path step, a sublist. */
    public record Range(int begin, int end) implements Expr {}

    /** A function call; {@code count(*)} has {@code star} set and no arguments. */
    public record Call(String function, List<Expr> args, int line, int column, boolean star) implements Expr {
        public Call(String function, List<Expr> args, int line, int column) {
            this(function, args, line, column, false);
        }
    }

    public record Binary(String operator, Expr left, Expr right) implements Expr {}

    public record Not(Expr operand) implements Expr {}

    public record Negate(Expr operand) implements Expr {}

    public record In(Expr value, List<Expr> candidates, boolean negated) implements Expr {}

    public record ArrayLiteral(List<Expr> elements) implements Expr {}

    /** Both CASE forms; {@code subject} is null for {@code CASE WHEN cond THEN ...}. */
    public record Case(Expr subject, List<Expr> whens, List<Expr> thens, Expr otherwise) implements Expr {}
}
