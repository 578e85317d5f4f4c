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
        f.put("rtrim", a -> text1(a, "rtrim", String::stripTrailing));
        f.put("reverse", a -> text1(a, "reverse", s -> new StringBuilder(s).reverse().toString()));
        f.put("strlen", a -> {
            Args.count(a, "strlen", 1, 1);
            String s = Args.text(a[0], "strlen");
            return LongNode.valueOf(s.codePointCount(0, s.length()));
        });
        f.put("substr", a -> {
            Args.count(a, "substr", 2, 3);
            String s = Args.text(a[0], "substr");
            int start = (int) Math.min(s.length(), Math.max(0, Args.integer(a[1], "substr")));
            int end = a.length == 3 ? (int) Math.min(s.length(), start + Math.max(0, Args.integer(a[2], "substr")))
                    : s.length();
            return TextNode.valueOf(s.substring(start, end));
        });
        f.put("split", StringFunctions::split);
        f.put("tokens", a -> {
            Args.count(a, "tokens", 2, 3);
            String seps = Args.text(a[1], "tokens") + (a.length == 3 && "nocrlf".equals(Json.toText(a[2])) ? "\r\n" : "");
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
                    sb.append(Json.toText(e));
                }
            } else {
                sb.append(a[0] == null ? "" : Json.toText(a[0])).append(a[1] == null ? "" : Json.toText(a[1]));
            }
            return TextNode.valueOf(sb.toString());
        });
        f.put("pad", StringFunctions::pad);
        f.put("replace", a -> {
            Args.count(a, "replace", 3, 4);
            String s = Args.text(a[0], "replace");
            String search = Args.text(a[1], "replace");
            String with = Args.text(a[2], "replace");
            String where = a.length == 4 ? Args.text(a[3], "replace") : "all";
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
            return TextNode.valueOf(regex(a[1], "regex_replace").matcher(Args.text(a[0], "regex_replace"))
                    .replaceAll(Matcher.quoteReplacement(Args.text(a[2], "regex_replace"))));
        });
        f.put("regex_extract", a -> {
            Args.count(a, "regex_extract", 2, 2);
            Matcher m = regex(a[1], "regex_extract").matcher(Args.text(a[0], "regex_extract"));
            ArrayNode out = Json.NODES.arrayNode();
            if (m.find()) {
                if (m.groupCount() == 0) {
                    out.add(m.group());
                }
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
            return LongNode.valueOf(s.codePointAt(0));
        });
        f.put("find", a -> {
            Args.count(a, "find", 2, 3);
            String s = Args.text(a[0], "find");
            String p = Args.text(a[1], "find");
            int at = a.length == 3 && "trailing".equals(Json.toText(a[2])) ? s.lastIndexOf(p) : s.indexOf(p);
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
                texts.add(Json.toText(e));
            }
            return TextNode.valueOf(String.join(sep, texts));
        });
        f.put("sprintf_s", SprintfFormat::apply);
        f.put("sprintf", SprintfFormat::apply);
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
        String mode = a.length == 3 ? Args.text(a[2], "split") : "";
        boolean keepEmpty = mode.contains("notrim");
        ArrayNode parts = Json.NODES.arrayNode();
        if (sep.isEmpty()) {
            parts.add(s);
            return parts;
        }
        if (mode.startsWith("leading") || mode.startsWith("trailing")) {
            int at = mode.startsWith("leading") ? s.indexOf(sep) : s.lastIndexOf(sep);
            if (at < 0) {
                parts.add(s);
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

    private static void addPart(ArrayNode parts, String part, boolean keepEmpty) {
        if (keepEmpty || !part.isEmpty()) {
            parts.add(part);
        }
    }

    /** {@code pad(S, Len[, trailing | leading | both[, Char]])}. */
    private static JsonNode pad(JsonNode[] a) {
        Args.count(a, "pad", 2, 4);
        String s = Args.text(a[0], "pad");
        int len = (int) Args.integer(a[1], "pad");
        String where = a.length >= 3 ? Args.text(a[2], "pad") : "trailing";
        String fill = a.length == 4 ? Args.text(a[3], "pad") : " ";
        int missing = Math.max(0, len - s.length());
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
