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

    /** The FOREACH part: the array expression, the element's alias (default {@code item}) and INCASE. */
    public record Foreach(Expr array, String alias, boolean hasDo, Expr incase) {}

    /** A quoted FROM entry with its position, for error messages. */
    public record Source(String text, int line, int column) {}

    /** A SELECT field: {@code *} (expr and alias null) or an expression with an optional alias path. */
    public record Field(boolean star, Expr expr, List<String> alias, String sourceText) {}

    /** Expression nodes. */
    public sealed interface Expr permits Literal, Path, Call, Binary, Not, Negate, In, ArrayLiteral, Case {}

    /** A literal as JSON text ({@code "abc"}, {@code 12}, {@code true}). */
    public record Literal(String json) implements Expr {}

    /** {@code root.a.'b'[1][x]}: each step is a key name or an index expression. */
    public record Path(String root, List<PathStep> steps, int line, int column) implements Expr {}

    /** One step of a path. */
    public record PathStep(String key, Expr index) {}

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
