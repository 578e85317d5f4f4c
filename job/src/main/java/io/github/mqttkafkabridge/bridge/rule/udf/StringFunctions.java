package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RuleEvaluationException;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleFunctions.Impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** EMQX's string functions. Positions in {@code substr} are 0-based, as in EMQX. */
final class StringFunctions {
    private StringFunctions() {}

    static void registerInto(Map<String, Impl> f) {
        f.put("lower", a -> text1(a, "lower", s -> s.toLowerCase(Locale.ROOT)));
        f.put("upper", a -> text1(a, "upper", s -> s.toUpperCase(Locale.ROOT)));
        f.put("trim", a -> text1(a, "trim", String::strip));
        f.put("ltrim", a -> text1(a, "ltrim", String::stripLeading));
        f.put("rtrim", a -> {
            // rtrim(S, Chars): drops trailing characters that are any of Chars.
            if (a.length == 2) {
                String s = Args.text(a[0], "rtrim");
                String chars = Args.text(a[1], "rtrim");
                int end = s.length();
                while (end > 0 && chars.indexOf(s.codePointBefore(end)) >= 0) {
                    end -= Character.charCount(s.codePointBefore(end));
                }
                return TextNode.valueOf(s.substring(0, end));
            }
            return text1(a, "rtrim", String::stripTrailing);
        });
        f.put("reverse", a -> text1(a, "reverse", s -> new StringBuilder(s).reverse().toString()));
        f.put("strlen", a -> {
            Args.count(a, "strlen", 1, 1);
            String s = Args.text(a[0], "strlen");
            return LongNode.valueOf(s.codePointCount(0, s.length()));
        });
        f.put("substr", a -> {
            Args.count(a, "substr", 2, 3);
            String s = Args.text(a[0], "substr");
            long start = Args.integer(a[1], "substr");
            long length = a.length == 3 ? Args.integer(a[2], "substr") : Long.MAX_VALUE;
            if (length == 0) {
                return TextNode.valueOf("");
            }
            if (start < 0 || length < 0) {
                // EMQX (string:slice) takes a start and a length that are not negative.
                throw new RuleEvaluationException("substr: expects a start and a length of 0 or more, got "
                        + start + (a.length == 3 ? " and " + length : ""));
            }
            // Positions count characters (code points), so a character outside the BMP is never split.
            int count = s.codePointCount(0, s.length());
            int from = (int) Math.min(count, start);
            int to = (int) Math.min(count, from + Math.min(length, count));
            return TextNode.valueOf(s.substring(s.offsetByCodePoints(0, from), s.offsetByCodePoints(0, to)));
        });
        f.put("split", StringFunctions::split);
        f.put("tokens", a -> {
            Args.count(a, "tokens", 2, 3);
            if (a.length == 3 && !"nocrlf".equals(Args.text(a[2], "tokens"))) {
                throw new RuleEvaluationException("tokens: the third argument must be 'nocrlf', got "
                        + Args.describe(a[2]));
            }
            String seps = Args.text(a[1], "tokens") + (a.length == 3 ? "\r\n" : "");
            ArrayNode out = Json.NODES.arrayNode();
            StringBuilder token = new StringBuilder();
            for (char c : Args.text(a[0], "tokens").toCharArray()) {
                if (seps.indexOf(c) >= 0) {
                    if (token.length() > 0) {
                        out.add(token.toString());
                    }
                    token.setLength(0);
                } else {
                    token.append(c);
                }
            }
            if (token.length() > 0) {
                out.add(token.toString());
            }
            return out;
        });
        f.put("concat", a -> {
            Args.count(a, "concat", 1, 2);
            StringBuilder sb = new StringBuilder();
            if (a.length == 1) {
                for (JsonNode e : Args.array(a[0], "concat")) {
                    sb.append(Args.str(e));
                }
            } else {
                sb.append(a[0] == null ? "" : Args.str(a[0])).append(a[1] == null ? "" : Args.str(a[1]));
            }
            return TextNode.valueOf(sb.toString());
        });
        f.put("pad", StringFunctions::pad);
        f.put("replace", a -> {
            Args.count(a, "replace", 3, 4);
            String s = Args.text(a[0], "replace");
            String search = Args.text(a[1], "replace");
            String with = Args.text(a[2], "replace");
            String where = a.length == 4 ? position(a[3], "replace", "all", "leading", "trailing") : "all";
            int at = where.equals("trailing") ? s.lastIndexOf(search) : s.indexOf(search);
            if (search.isEmpty() || at < 0) {
                return TextNode.valueOf(s);
            }
            if (where.equals("all")) {
                return TextNode.valueOf(s.replace(search, with));
            }
            return TextNode.valueOf(s.substring(0, at) + with + s.substring(at + search.length()));
        });
        f.put("regex_match", a -> {
            Args.count(a, "regex_match", 2, 2);
            return BooleanNode.valueOf(regex(a[1], "regex_match").matcher(Args.text(a[0], "regex_match")).find());
        });
        f.put("regex_replace", a -> {
            Args.count(a, "regex_replace", 3, 3);
            Matcher m = regex(a[1], "regex_replace").matcher(Args.text(a[0], "regex_replace"));
            String with = Args.text(a[2], "regex_replace");
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                m.appendReplacement(out, Matcher.quoteReplacement(erlangReplacement(m, with)));
            }
            m.appendTail(out);
            return TextNode.valueOf(out.toString());
        });
        f.put("regex_extract", a -> {
            Args.count(a, "regex_extract", 2, 2);
            Matcher m = regex(a[1], "regex_extract").matcher(Args.text(a[0], "regex_extract"));
            ArrayNode out = Json.NODES.arrayNode();
            // The captured groups of the first match, without the whole match: none when the pattern has no groups.
            if (m.find()) {
                for (int g = 1; g <= m.groupCount(); g++) {
                    out.add(m.group(g) == null ? "" : m.group(g));
                }
            }
            return out;
        });
        f.put("ascii", a -> {
            Args.count(a, "ascii", 1, 1);
            String s = Args.text(a[0], "ascii");
            if (s.isEmpty()) {
                throw new RuleEvaluationException("ascii: expects a non-empty string");
            }
            // EMQX returns the first byte of the UTF-8 text (the character code for ASCII).
            return LongNode.valueOf(s.getBytes(java.nio.charset.StandardCharsets.UTF_8)[0] & 0xFF);
        });
        f.put("find", a -> {
            Args.count(a, "find", 2, 3);
            String s = Args.text(a[0], "find");
            String p = Args.text(a[1], "find");
            boolean trailing = a.length == 3 && position(a[2], "find", "leading", "trailing").equals("trailing");
            // An empty pattern finds the whole string, from either end (string:find).
            int at = p.isEmpty() ? 0 : trailing ? s.lastIndexOf(p) : s.indexOf(p);
            return TextNode.valueOf(at < 0 ? "" : s.substring(at));
        });
        f.put("rm_prefix", a -> {
            Args.count(a, "rm_prefix", 2, 2);
            String s = Args.text(a[0], "rm_prefix");
            String p = Args.text(a[1], "rm_prefix");
            return TextNode.valueOf(s.startsWith(p) ? s.substring(p.length()) : s);
        });
        f.put("join_to_string", a -> {
            Args.count(a, "join_to_string", 1, 2);
            String sep = a.length == 2 ? Args.text(a[0], "join_to_string") : ", ";
            java.util.List<String> texts = new java.util.ArrayList<>();
            for (JsonNode e : Args.array(a[a.length - 1], "join_to_string")) {
                texts.add(Args.str(e));
            }
            return TextNode.valueOf(String.join(sep, texts));
        });
        f.put("unescape", a -> {
            Args.count(a, "unescape", 1, 1);
            return TextNode.valueOf(unescape(Args.text(a[0], "unescape")));
        });
        f.put("join_to_sql_values_string", a -> {
            Args.count(a, "join_to_sql_values_string", 1, 1);
            java.util.List<String> values = new java.util.ArrayList<>();
            for (JsonNode e : Args.array(a[0], "join_to_sql_values_string")) {
                values.add(sqlValue(e));
            }
            return TextNode.valueOf(String.join(", ", values));
        });
        f.put("map_to_redis_hset_args", a -> {
            // EMQX's value: a list led by the marker its Redis connector looks for, then field, value, ...
            // Keys whose values are not strings, numbers or booleans are dropped; anything but a map gives none.
            Args.count(a, "map_to_redis_hset_args", 1, 1);
            ArrayNode out = Json.NODES.arrayNode().add("map_to_redis_hset_args");
            JsonNode map = a[0] != null && a[0].isTextual() ? Json.tryParse(a[0].textValue()) : a[0];
            if (map != null && map.isObject()) {
                map.fields().forEachRemaining(e -> {
                    JsonNode v = e.getValue();
                    if (v.isTextual() || v.isBinary()) {
                        out.add(e.getKey()).add(Args.text(v, "map_to_redis_hset_args"));
                    } else if (v.isIntegralNumber() || v.isBoolean()) {
                        out.add(e.getKey()).add(v.asText());
                    } else if (v.isFloatingPointNumber() && Double.isFinite(v.doubleValue())) {
                        out.add(e.getKey()).add(ConversionFunctions.decimalText(v.doubleValue(), 6));
                    }
                });
            }
            return out;
        });
        f.put("sprintf_s", SprintfFormat::applyToList);
        f.put("sprintf", SprintfFormat::apply);
    }

    /**
     * A value as an SQL literal (EMQX's {@code quote_sql2}): undefined is NULL, numbers as they are, arrays as
     * quoted JSON, anything else quoted text with {@code \\} and {@code '} escaped by a backslash.
     */
    private static String sqlValue(JsonNode v) {
        if (v == null) {
            return "NULL";
        }
        if (v.isNumber()) {
            return Args.str(v);
        }
        String text = v.isArray() || v.isObject() || v.isNull() ? (v.isNull() ? "null" : Json.write(v))
                : Args.text(v, "join_to_sql_values_string");
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    /**
     * EMQX's {@code unescape}: C escapes ({@code \\n \\t \\r \\b \\f \\v \\a \\' \\" \\? \\\\}) and
     * {@code \\x} with any number of hex digits (a code point); any other escape fails. A lone trailing
     * backslash stays.
     */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 >= s.length()) {
                out.append(c);
                i++;
                continue;
            }
            char e = s.charAt(i + 1);
            int simple = "\\ntrbfv'\"?a".indexOf(e);
            if (simple >= 0) {
                out.append("\\\n\t\r\b\f\u000B'\"?\u0007".charAt(simple));
                i += 2;
                continue;
            }
            int from = i + 2;
            int to = from;
            while (e == 'x' && to < s.length() && Character.digit(s.charAt(to), 16) >= 0 && s.charAt(to) < 128) {
                to++;
            }
            if (to == from) {
                int end = Math.min(s.length(), i + 1 + Character.charCount(s.codePointAt(i + 1)));
                throw new RuleEvaluationException("unescape: unrecognized escape sequence " + s.substring(i, end));
            }
            java.math.BigInteger code = new java.math.BigInteger(s.substring(from, to), 16);
            if (code.bitLength() > 21 || !Character.isValidCodePoint(code.intValue())
                    || code.intValue() >= 0xD800 && code.intValue() <= 0xDFFF) {
                throw new RuleEvaluationException("unescape: \\x" + s.substring(from, to)
                        + " is not a Unicode character");
            }
            out.appendCodePoint(code.intValue());
            i = to;
        }
        return out.toString();
    }

    private static JsonNode text1(JsonNode[] a, String fn, java.util.function.UnaryOperator<String> op) {
        Args.count(a, fn, 1, 1);
        return TextNode.valueOf(op.apply(Args.text(a[0], fn)));
    }

    /** {@code split(S, Sep[, notrim | leading | trailing | leading_notrim | trailing_notrim])}. */
    private static JsonNode split(JsonNode[] a) {
        Args.count(a, "split", 2, 3);
        String s = Args.text(a[0], "split");
        String sep = Args.text(a[1], "split");
        String mode = a.length == 3
                ? position(a[2], "split", "notrim", "leading", "leading_notrim", "trailing", "trailing_notrim") : "";
        boolean keepEmpty = mode.endsWith("notrim");
        ArrayNode parts = Json.NODES.arrayNode();
        if (sep.isEmpty()) {
            addPart(parts, s, keepEmpty);
            return parts;
        }
        if (mode.startsWith("leading") || mode.startsWith("trailing")) {
            int at = mode.startsWith("leading") ? s.indexOf(sep) : s.lastIndexOf(sep);
            if (at < 0) {
                addPart(parts, s, keepEmpty);
            } else {
                addPart(parts, s.substring(0, at), keepEmpty);
                addPart(parts, s.substring(at + sep.length()), keepEmpty);
            }
            return parts;
        }
        int from = 0;
        while (true) {
            int at = s.indexOf(sep, from);
            addPart(parts, at < 0 ? s.substring(from) : s.substring(from, at), keepEmpty);
            if (at < 0) {
                return parts;
            }
            from = at + sep.length();
        }
    }

    /** An option argument that must be one of {@code allowed} (EMQX has no clause for any other). */
    private static String position(JsonNode v, String fn, String... allowed) {
        String s = Args.text(v, fn);
        for (String option : allowed) {
            if (option.equals(s)) {
                return s;
            }
        }
        throw new RuleEvaluationException(fn + ": expects one of " + String.join(", ", allowed) + ", got "
                + Args.describe(v));
    }

    /**
     * The replacement text of one match, in Erlang's {@code re:replace} syntax: {@code &} is the whole match,
     * {@code \N}, {@code \gN} and {@code \g{N}} are group N (empty when there is no such group), {@code \&}
     * and {@code \\} are a literal {@code &} and backslash.
     */
    private static String erlangReplacement(Matcher m, String with) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < with.length(); i++) {
            char c = with.charAt(i);
            if (c == '&') {
                out.append(m.group());
            } else if (c == '\\' && i + 1 < with.length()) {
                int j = i + 1;
                boolean braces = false;
                if (with.charAt(j) == 'g' && j + 1 < with.length()
                        && (Character.isDigit(with.charAt(j + 1)) || with.charAt(j + 1) == '{')) {
                    j++;
                    braces = with.charAt(j) == '{';
                    j += braces ? 1 : 0;
                }
                int k = j;
                while (k < with.length() && with.charAt(k) >= '0' && with.charAt(k) <= '9') {
                    k++;
                }
                if (k > j && (!braces || k < with.length() && with.charAt(k) == '}')) {
                    int group = Integer.parseInt(with.substring(j, k));
                    if (group <= m.groupCount() && m.group(group) != null) {
                        out.append(m.group(group));
                    }
                    i = braces ? k : k - 1;
                } else {
                    out.append(with.charAt(i + 1));
                    i++;
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void addPart(ArrayNode parts, String part, boolean keepEmpty) {
        if (keepEmpty || !part.isEmpty()) {
            parts.add(part);
        }
    }

    /** {@code pad(S, Len[, trailing | leading | both[, Char]])}. */
    private static JsonNode pad(JsonNode[] a) {
        Args.count(a, "pad", 2, 4);
        String s = Args.text(a[0], "pad");
        long len = Args.integer(a[1], "pad");
        String where = a.length >= 3 ? position(a[2], "pad", "trailing", "leading", "both") : "trailing";
        String fill = a.length == 4 ? Args.text(a[3], "pad") : " ";
        // Lengths count characters (code points), as EMQX counts characters rather than bytes.
        int missing = (int) Math.max(0, Math.min(Integer.MAX_VALUE, len - s.codePointCount(0, s.length())));
        switch (where) {
            case "leading":
                return TextNode.valueOf(fill.repeat(missing) + s);
            case "both":
                return TextNode.valueOf(fill.repeat(missing / 2) + s + fill.repeat(missing - missing / 2));
            default:
                return TextNode.valueOf(s + fill.repeat(missing));
        }
    }

    private static Pattern regex(JsonNode v, String fn) {
        try {
            return Pattern.compile(Args.text(v, fn));
        } catch (PatternSyntaxException e) {
            throw new RuleEvaluationException(fn + ": invalid regular expression: " + e.getDescription());
        }
    }
}
