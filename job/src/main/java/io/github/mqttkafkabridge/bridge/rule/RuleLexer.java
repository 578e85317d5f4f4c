package io.github.mqttkafkabridge.bridge.rule;

import java.util.ArrayList;
import java.util.List;

/** Splits EMQX rule SQL into tokens; skips whitespace and {@code --} comments. */
final class RuleLexer {
    private static final String[] SYMBOLS = {"<>", "!=", "<=", ">=", "=~", "=", "<", ">", "(", ")", ",", ".",
        "[", "]", "*", "+", "-", "/"};

    private final String text;
    private int pos;
    private int line = 1;
    private int lineStart;

    private RuleLexer(String text) {
        this.text = text;
    }

    static List<Token> tokenize(String text) {
        return new RuleLexer(text).run();
    }

    private List<Token> run() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= text.length()) {
                tokens.add(new Token(Token.Kind.EOF, "", line, col()));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private int col() {
        return pos - lineStart + 1;
    }

    private void skipSpaceAndComments() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\n') {
                pos++;
                line++;
                lineStart = pos;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '-' && pos + 1 < text.length() && text.charAt(pos + 1) == '-') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else {
                return;
            }
        }
    }

    private Token next() {
        int startLine = line;
        int startCol = col();
        char c = text.charAt(pos);
        if (c == '\'' || c == '"' || c == '`') {
            return quoted(c, startLine, startCol);
        }
        if (Character.isDigit(c)) {
            int start = pos;
            while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.'
                    || text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
                // "1..3" is a range, not a number.
                if (text.charAt(pos) == '.' && pos + 1 < text.length() && text.charAt(pos + 1) == '.') {
                    break;
                }
                pos++;
            }
            return new Token(Token.Kind.NUMBER, text.substring(start, pos), startLine, startCol);
        }
        if (Character.isLetter(c) || c == '_' || c == '$') {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos))
                    || text.charAt(pos) == '_' || text.charAt(pos) == '$')) {
                pos++;
            }
            return new Token(Token.Kind.IDENT, text.substring(start, pos), startLine, startCol);
        }
        for (String s : SYMBOLS) {
            if (text.startsWith(s, pos)) {
                pos += s.length();
                return new Token(Token.Kind.SYMBOL, s, startLine, startCol);
            }
        }
        throw new RuleSyntaxException("unexpected character '" + c + "'", startLine, startCol);
    }

    /**
     * A quoted string, read verbatim as EMQX does (since 5.7): a backslash is an ordinary character, so
     * {@code '(\d+)'} is a regular expression; {@code unescape()} expands escape sequences where wanted.
     */
    private Token quoted(char quote, int startLine, int startCol) {
        StringBuilder sb = new StringBuilder();
        pos++;
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == quote && pos + 1 < text.length() && text.charAt(pos + 1) == quote) {
                // SQL style: a doubled quote inside a string is one quote character.
                sb.append(quote);
                pos += 2;
                continue;
            }
            if (c == quote) {
                pos++;
                Token.Kind kind = quote == '`' ? Token.Kind.BACKTICK
                        : quote == '"' ? Token.Kind.NAME : Token.Kind.STRING;
                return new Token(kind, sb.toString(),
                        startLine, startCol);
            }
            if (c == '\n') {
                line++;
                lineStart = pos + 1;
            }
            sb.append(c);
            pos++;
        }
        throw new RuleSyntaxException("unterminated string starting here", startLine, startCol);
    }
}
