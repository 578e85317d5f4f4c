package io.github.mqttkafkabridge.bridge.rule;

import io.github.mqttkafkabridge.bridge.rule.RuleAst.ArrayLiteral;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Binary;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Call;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Case;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Expr;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Field;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Foreach;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.GroupBy;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Window;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.In;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Literal;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Negate;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Not;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Path;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.PathStep;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Range;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Source;
import io.github.mqttkafkabridge.bridge.rule.RuleAst.Statement;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Recursive-descent parser for EMQX rule SQL. Precedence, lowest first: OR, AND, NOT, comparison and IN,
 * {@code + -}, {@code * / div mod}, unary minus.
 */
public final class RuleParser {
    private static final Set<String> RESERVED = Set.of("select", "from", "where", "as", "and", "or", "not", "in",
            "case", "when", "then", "else", "end", "foreach", "do", "incase", "div", "mod", "group", "by");
    private static final Set<String> COMPARISONS = Set.of("=", "!=", "<>", "<", "<=", ">", ">=", "=~");

    private final String text;
    private final List<Token> tokens;
    private int pos;

    private RuleParser(String text) {
        this.text = text;
        this.tokens = RuleLexer.tokenize(text);
    }

    public static Statement parse(String sql) {
        return new RuleParser(sql).statement();
    }

    private Statement statement() {
        List<Field> fields = new ArrayList<>();
        Foreach foreach = null;
        if (acceptKeyword("foreach")) {
            // FOREACH f1 AS a1, ..., array [AS alias]: the last field is the array, the others are selected first.
            List<Field> selected = new ArrayList<>();
            do {
                selected.add(field());
            } while (acceptSymbol(","));
            Field collection = selected.remove(selected.size() - 1);
            if (collection.star()) {
                throw error(peek(), "FOREACH needs an array expression, not *");
            }
            String alias = "item";
            if (collection.alias() != null) {
                if (collection.aliasName() == null) {
                    throw new RuleSyntaxException("the element's name after AS is one name, found "
                            + collection.sourceText(), peek().line(), peek().column());
                }
                alias = collection.aliasName();
            }
            Expr array = collection.expr();
            boolean hasDo = acceptKeyword("do");
            if (hasDo) {
                do {
                    fields.add(field());
                } while (acceptSymbol(","));
            }
            Expr incase = acceptKeyword("incase") ? expr() : null;
            foreach = new Foreach(array, alias, hasDo, incase, List.copyOf(selected), collection);
        } else {
            expectKeyword("select");
            do {
                fields.add(field());
            } while (acceptSymbol(","));
        }
        expectKeyword("from");
        List<Source> from = new ArrayList<>();
        do {
            Token t = next();
            if (t.kind() != Token.Kind.STRING && t.kind() != Token.Kind.NAME) {
                throw error(t, "expected a quoted topic filter or \"$bridges/...\" source, found " + t.describe());
            }
            from.add(new Source(t.text(), t.line(), t.column()));
        } while (acceptSymbol(","));
        Expr where = null;
        if (acceptKeyword("where")) {
            where = expr();
        }
        GroupBy groupBy = null;
        if (peek().isKeyword("group")) {
            groupBy = groupBy();
        }
        Token end = peek();
        if (end.kind() != Token.Kind.EOF) {
            throw error(end, "unexpected " + end.describe() + " after the end of the statement");
        }
        return new Statement(fields, from, where, foreach, groupBy);
    }

    private Field field() {
        Token start = peek();
        if (start.isSymbol("*")) {
            next();
            return new Field(true, null, null, "*");
        }
        int startOffset = offsetOf(start);
        Expr e = expr();
        String source = text.substring(startOffset, offsetOf(peek())).trim();
        List<PathStep> alias = null;
        if (acceptKeyword("as")) {
            alias = aliasPath();
        } else if (peek().kind() == Token.Kind.IDENT && !isReserved(peek())) {
            alias = aliasPath();
        }
        return new Field(false, e, alias, source);
    }

    /** {@code name(.name | [integer])*}: the output path a field writes. */
    private List<PathStep> aliasPath() {
        List<PathStep> steps = new ArrayList<>();
        steps.add(new PathStep(aliasName(), null));
        while (true) {
            if (acceptSymbol(".")) {
                steps.add(new PathStep(aliasName(), null));
            } else if (peek().isSymbol("[")) {
                Token open = next();
                boolean minus = peek().isSymbol("-");
                Integer index = signedInteger();
                if (index == null) {
                    throw error(open, "an index in an alias is an integer: [1] the first element, [-1] the last, "
                            + "[0] a new first element, [-0] a new last one");
                }
                expectSymbol("]");
                // EMQX writes [0] before the first element and [-0] after the last.
                Expr step = new Literal(Integer.toString(index));
                steps.add(new PathStep(null, index == 0 && minus ? new Negate(step) : step));
            } else {
                return steps;
            }
        }
    }

    private String aliasName() {
        Token t = next();
        if (t.kind() != Token.Kind.IDENT && !t.isQuoted()) {
            throw error(t, "expected an alias name, found " + t.describe());
        }
        return t.text();
    }

    /** An optionally signed integer literal, or null (nothing consumed) when the next tokens are not one. */
    private Integer signedInteger() {
        int start = pos;
        int sign = 1;
        if (peek().isSymbol("-") || peek().isSymbol("+")) {
            sign = next().isSymbol("-") ? -1 : 1;
        }
        Token n = peek();
        if (n.kind() == Token.Kind.NUMBER && n.text().chars().allMatch(Character::isDigit)) {
            next();
            try {
                return sign * Integer.parseInt(n.text());
            } catch (NumberFormatException e) {
                throw error(n, "index out of range: " + n.text());
            }
        }
        pos = start;
        return null;
    }

    /** After '[': {@code begin..end]} of a range, or null (nothing consumed) when it is not a range. */
    private Range range() {
        int start = pos;
        Integer begin = signedInteger();
        if (begin != null && peek().isSymbol(".") && peek(1).isSymbol(".")) {
            next();
            next();
            Integer end = signedInteger();
            if (end == null) {
                throw error(peek(), "a range is [begin..end] with integer ends, found " + peek().describe());
            }
            expectSymbol("]");
            return new Range(begin, end);
        }
        pos = start;
        return null;
    }

    private Expr expr() {
        Expr left = and();
        while (acceptKeyword("or")) {
            left = new Binary("or", left, and());
        }
        return left;
    }

    private Expr and() {
        Expr left = not();
        while (acceptKeyword("and")) {
            left = new Binary("and", left, not());
        }
        return left;
    }

    private Expr not() {
        if (acceptKeyword("not")) {
            return new Not(not());
        }
        return comparison();
    }

    private Expr comparison() {
        Expr left = additive();
        Token t = peek();
        if (t.kind() == Token.Kind.SYMBOL && COMPARISONS.contains(t.text())) {
            next();
            return new Binary(t.text(), left, additive());
        }
        boolean negated = false;
        if (t.isKeyword("not") && peek(1).isKeyword("in")) {
            next();
            negated = true;
        }
        if (acceptKeyword("in")) {
            expectSymbol("(");
            List<Expr> candidates = new ArrayList<>();
            do {
                candidates.add(additive());
            } while (acceptSymbol(","));
            expectSymbol(")");
            return new In(left, candidates, negated);
        }
        return left;
    }

    private Expr additive() {
        Expr left = multiplicative();
        while (peek().isSymbol("+") || peek().isSymbol("-")) {
            String op = next().text();
            left = new Binary(op, left, multiplicative());
        }
        return left;
    }

    private Expr multiplicative() {
        Expr left = unary();
        while (peek().isSymbol("*") || peek().isSymbol("/") || peek().isKeyword("div") || peek().isKeyword("mod")) {
            String op = next().text().toLowerCase();
            left = new Binary(op, left, unary());
        }
        return left;
    }

    private Expr unary() {
        if (acceptSymbol("-")) {
            return new Negate(unary());
        }
        if (acceptSymbol("+")) {
            // EMQX's unary plus: the value unchanged.
            return unary();
        }
        return primary();
    }

    private Expr primary() {
        Token t = next();
        switch (t.kind()) {
            case NUMBER:
                return new Literal(t.text());
            case STRING:
            case BACKTICK:
                return new Literal(jsonString(t.text()));
            case NAME:
                // EMQX: a double-quoted name is a variable ("topic"), a single-quoted one a string.
                return path(t);
            case SYMBOL:
                if (t.isSymbol("(")) {
                    Expr inner = expr();
                    expectSymbol(")");
                    return inner;
                }
                if (t.isSymbol("[")) {
                    Range range = range();
                    if (range != null) {
                        return range;
                    }
                    List<Expr> elements = new ArrayList<>();
                    if (!peek().isSymbol("]")) {
                        do {
                            elements.add(expr());
                        } while (acceptSymbol(","));
                    }
                    expectSymbol("]");
                    return new ArrayLiteral(elements);
                }
                throw error(t, "unexpected " + t.describe());
            case IDENT:
                if (t.isKeyword("true") || t.isKeyword("false")) {
                    return new Literal(t.text().toLowerCase());
                }
                if (t.isKeyword("case")) {
                    return caseExpr();
                }
                if ((t.isKeyword("mod") || t.isKeyword("div")) && peek().isSymbol("(")) {
                    // EMQX also has mod and div as functions: mod(7, 2).
                    return call(t);
                }
                if (isReserved(t)) {
                    throw error(t, "unexpected keyword " + t.describe());
                }
                if (peek().isSymbol("(")) {
                    return call(t);
                }
                return path(t);
            default:
                throw error(t, "unexpected " + t.describe());
        }
    }

    private GroupBy groupBy() {
        Token group = next();
        expectKeyword("by");
        Window window = null;
        List<Expr> keys = new ArrayList<>();
        do {
            Token t = peek();
            boolean windowFunction = t.kind() == Token.Kind.IDENT && peek(1).isSymbol("(")
                    && (t.isKeyword("tumble") || t.isKeyword("hop") || t.isKeyword("session"));
            if (windowFunction) {
                if (window != null) {
                    throw error(t, "a rule has one window");
                }
                window = window();
            } else {
                keys.add(expr());
            }
        } while (acceptSymbol(","));
        if (window == null) {
            throw error(group, "GROUP BY needs a window: TUMBLE('1 minute'), HOP('10 seconds', '1 minute') or "
                    + "SESSION('30 seconds')");
        }
        return new GroupBy(window, keys, group.line(), group.column());
    }

    private Window window() {
        Token kind = next();
        expectSymbol("(");
        List<Token> args = new ArrayList<>();
        do {
            Token a = next();
            if (a.kind() != Token.Kind.STRING && a.kind() != Token.Kind.NAME) {
                throw error(a, "window arguments are quoted durations such as '1 minute', found " + a.describe());
            }
            args.add(a);
        } while (acceptSymbol(","));
        expectSymbol(")");
        boolean eventTime = false;
        Token last = args.get(args.size() - 1);
        if (last.text().equalsIgnoreCase("event") || last.text().equalsIgnoreCase("processing")) {
            eventTime = last.text().equalsIgnoreCase("event");
            args.remove(args.size() - 1);
        }
        String k = kind.text().toLowerCase();
        int expected = k.equals("hop") ? 2 : 1;
        if (args.size() != expected) {
            throw error(kind, k.toUpperCase() + " takes " + expected + " duration(s) and optionally 'event' or "
                    + "'processing'");
        }
        java.time.Duration first = WindowDurations.parse(args.get(0));
        return k.equals("hop") ? new Window(k, WindowDurations.parse(args.get(1)), first, eventTime)
                : new Window(k, first, null, eventTime);
    }

    private Expr call(Token name) {
        expectSymbol("(");
        if (peek().isSymbol("*") && name.text().equalsIgnoreCase("count")) {
            next();
            expectSymbol(")");
            return new Call("count", List.of(), name.line(), name.column(), true);
        }
        List<Expr> args = new ArrayList<>();
        if (!peek().isSymbol(")")) {
            do {
                args.add(expr());
            } while (acceptSymbol(","));
        }
        expectSymbol(")");
        return new Call(name.text().toLowerCase(), args, name.line(), name.column());
    }

    private Expr path(Token root) {
        List<PathStep> steps = new ArrayList<>();
        while (true) {
            if (acceptSymbol(".")) {
                Token key = next();
                if (key.kind() != Token.Kind.IDENT && !key.isQuoted() && key.kind() != Token.Kind.NUMBER) {
                    throw error(key, "expected a field name after '.', found " + key.describe());
                }
                steps.add(new PathStep(key.text(), null));
            } else if (acceptSymbol("[")) {
                Range range = range();
                if (range != null) {
                    // A range is the last step: it makes a list, which EMQX does not index further.
                    steps.add(new PathStep(null, null, range));
                    return new Path(root.text(), steps, root.line(), root.column());
                }
                steps.add(new PathStep(null, expr()));
                expectSymbol("]");
            } else {
                return new Path(root.text(), steps, root.line(), root.column());
            }
        }
    }

    private Expr caseExpr() {
        Expr subject = peek().isKeyword("when") ? null : expr();
        List<Expr> whens = new ArrayList<>();
        List<Expr> thens = new ArrayList<>();
        while (acceptKeyword("when")) {
            whens.add(expr());
            expectKeyword("then");
            thens.add(expr());
        }
        if (whens.isEmpty()) {
            throw error(peek(), "CASE needs at least one WHEN");
        }
        Expr otherwise = acceptKeyword("else") ? expr() : null;
        expectKeyword("end");
        return new Case(subject, whens, thens, otherwise);
    }

    static String jsonString(String s) {
        return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(s)) + "\"";
    }

    private boolean isReserved(Token t) {
        return t.kind() == Token.Kind.IDENT && RESERVED.contains(t.text().toLowerCase());
    }

    private int offsetOf(Token t) {
        int line = 1;
        int i = 0;
        while (line < t.line()) {
            if (text.charAt(i++) == '\n') {
                line++;
            }
        }
        return Math.min(text.length(), i + t.column() - 1);
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind() != Token.Kind.EOF) {
            pos++;
        }
        return t;
    }

    private boolean acceptKeyword(String keyword) {
        if (peek().isKeyword(keyword)) {
            pos++;
            return true;
        }
        return false;
    }

    private boolean acceptSymbol(String symbol) {
        if (peek().isSymbol(symbol)) {
            pos++;
            return true;
        }
        return false;
    }

    private void expectKeyword(String keyword) {
        Token t = next();
        if (!t.isKeyword(keyword)) {
            throw error(t, "expected " + keyword.toUpperCase() + ", found " + t.describe());
        }
    }

    private void expectSymbol(String symbol) {
        Token t = next();
        if (!t.isSymbol(symbol)) {
            throw error(t, "expected '" + symbol + "', found " + t.describe());
        }
    }

    private static RuleSyntaxException error(Token t, String message) {
        return new RuleSyntaxException(message, t.line(), t.column());
    }
}
