package io.github.mqttkafkabridge.bridge.rule;

/** A rule that cannot be compiled, with the position of the problem in the rule text. */
public final class RuleSyntaxException extends RuntimeException {
    private final int line;
    private final int column;

    public RuleSyntaxException(String message, int line, int column) {
        super("line " + line + ", column " + column + ": " + message);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }
}
