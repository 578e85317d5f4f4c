package io.github.mqttkafkabridge.bridge.rule;

/** A lexical token with its position (1-based line and column) in the rule text. */
record Token(Kind kind, String text, int line, int column) {
    /** STRING is single-quoted (a literal), NAME double-quoted (a topic in FROM, a variable in an expression). */
    enum Kind { IDENT, STRING, NAME, BACKTICK, NUMBER, SYMBOL, EOF }

    /** Whether this is quoted text: a string, a name or a backtick string. */
    boolean isQuoted() {
        return kind == Kind.STRING || kind == Kind.NAME || kind == Kind.BACKTICK;
    }

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
