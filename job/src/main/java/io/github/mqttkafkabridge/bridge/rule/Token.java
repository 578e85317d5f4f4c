package io.github.mqttkafkabridge.bridge.rule;

/** A lexical token with its position (1-based line and column) in the rule text. */
record Token(Kind kind, String text, int line, int column) {
    enum Kind { IDENT, STRING, BACKTICK, NUMBER, SYMBOL, EOF }

    boolean isKeyword(String keyword) {
        return kind == Kind.IDENT && text.equalsIgnoreCase(keyword);
    }

    boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }

    String describe() {
        return kind == Kind.EOF ? "end of rule" : "'" + text + "'";
    }
}
