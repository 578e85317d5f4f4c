package io.github.mqttkafkabridge.bridge.rule.udf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * EMQX's built-in rule functions, with EMQX's argument order and indexing. Each takes and returns decoded rule
 * values (null = undefined) and throws {@link RuleEvaluationException} on a wrong argument.
 */
public final class RuleFunctions {
    /** Prefix of the environment variables {@code getenv} may read; no other variable is reachable. */
    public static final String GETENV_PREFIX = "EMQXVAR_";

    private static final Map<String, Impl> FUNCTIONS = new TreeMap<>();
    private static final Set<String> NON_DETERMINISTIC = Set.of("getenv", "uuid_v4", "now_timestamp");

    /** One function body. */
    @FunctionalInterface
    public interface Impl {
        JsonNode apply(JsonNode[] args);
    }

    static {
        FUNCTIONS.put("getenv", a -> {
            String name = text(arity(a, 1, "getenv")[0], "getenv");
            // The seed writes getenv(`EMQXVAR_X`); EMQX's documented form is getenv('X'). Both read EMQXVAR_X.
            String bare = name.startsWith(GETENV_PREFIX) ? name.substring(GETENV_PREFIX.length()) : name;
            String value = System.getenv(GETENV_PREFIX + bare);
            return TextNode.valueOf(value == null ? "" : value);
        });
        FUNCTIONS.put("lower", a -> TextNode.valueOf(text(arity(a, 1, "lower")[0], "lower").toLowerCase(Locale.ROOT)));
        FUNCTIONS.put("upper", a -> TextNode.valueOf(text(arity(a, 1, "upper")[0], "upper").toUpperCase(Locale.ROOT)));
        FUNCTIONS.put("trim", a -> TextNode.valueOf(text(arity(a, 1, "trim")[0], "trim").strip()));
        FUNCTIONS.put("strlen", a -> LongNode.valueOf(text(arity(a, 1, "strlen")[0], "strlen")
                .codePointCount(0, text(a[0], "strlen").length())));
        FUNCTIONS.put("str", a -> {
            JsonNode v = arity(a, 1, "str")[0];
            return v == null ? null : TextNode.valueOf(Json.toText(v));
        });
        FUNCTIONS.put("int", a -> {
            Double d = Json.toNumber(arity(a, 1, "int")[0]);
            if (d == null) {
                if (a[0] != null && a[0].isBoolean()) {
                    return LongNode.valueOf(a[0].booleanValue() ? 1 : 0);
                }
                throw new RuleEvaluationException("int: cannot convert " + Json.write(a[0]));
            }
            return LongNode.valueOf(d.longValue());
        });
        FUNCTIONS.put("float", a -> {
            Double d = Json.toNumber(arity(a, 1, "float")[0]);
            if (d == null) {
                throw new RuleEvaluationException("float: cannot convert " + Json.write(a[0]));
            }
            return DoubleNode.valueOf(d);
        });
        FUNCTIONS.put("abs", a -> {
            JsonNode v = number(arity(a, 1, "abs")[0], "abs");
            return v.isIntegralNumber() ? LongNode.valueOf(Math.abs(v.longValue())) : DoubleNode.valueOf(Math.abs(v.doubleValue()));
        });
        FUNCTIONS.put("round", a -> LongNode.valueOf(Math.round(number(arity(a, 1, "round")[0], "round").doubleValue())));
        FUNCTIONS.put("concat", a -> TextNode.valueOf(nullToEmpty(arity(a, 2, "concat")[0]) + nullToEmpty(a[1])));
        FUNCTIONS.put("substr", a -> {
            if (a.length != 2 && a.length != 3) {
                throw new RuleEvaluationException("substr: expects 2 or 3 arguments, got " + a.length);
            }
            String s = text(a[0], "substr");
            int start = Math.min(s.length(), Math.max(0, number(a[1], "substr").intValue()));
            int end = a.length == 3 ? Math.min(s.length(), start + Math.max(0, number(a[2], "substr").intValue()))
                    : s.length();
            return TextNode.valueOf(s.substring(start, end));
        });
        FUNCTIONS.put("split", a -> {
            if (a.length < 2) {
                throw new RuleEvaluationException("split: expects 2 arguments, got " + a.length);
            }
            String s = text(a[0], "split");
            String sep = text(a[1], "split");
            ArrayNode parts = Json.NODES.arrayNode();
            if (sep.isEmpty()) {
                parts.add(s);
                return parts;
            }
            int from = 0;
            while (true) {
                int at = s.indexOf(sep, from);
                String part = at < 0 ? s.substring(from) : s.substring(from, at);
                if (!part.isEmpty()) {
                    parts.add(part);
                }
                if (at < 0) {
                    return parts;
                }
                from = at + sep.length();
            }
        });
        FUNCTIONS.put("nth", a -> {
            int n = number(arity(a, 2, "nth")[0], "nth").intValue();
            JsonNode list = a[1];
            if (list == null || !list.isArray()) {
                throw new RuleEvaluationException("nth: second argument must be an array");
            }
            if (n < 1 || n > list.size()) {
                throw new RuleEvaluationException("nth: index " + n + " out of range 1.." + list.size());
            }
            return list.get(n - 1);
        });
        FUNCTIONS.put("is_null", a -> BooleanNode.valueOf(arity(a, 1, "is_null")[0] == null));
        FUNCTIONS.put("is_not_null", a -> BooleanNode.valueOf(arity(a, 1, "is_not_null")[0] != null));
        FUNCTIONS.put("coalesce", a -> {
            for (JsonNode v : a) {
                if (v != null && !v.isNull()) {
                    return v;
                }
            }
            return null;
        });
        FUNCTIONS.put("json_encode", a -> TextNode.valueOf(Json.write(arity(a, 1, "json_encode")[0])));
        FUNCTIONS.put("json_decode", a -> {
            JsonNode v = Json.tryParse(text(arity(a, 1, "json_decode")[0], "json_decode"));
            if (v == null) {
                throw new RuleEvaluationException("json_decode: not JSON");
            }
            return v;
        });
        FUNCTIONS.put("md5", a -> TextNode.valueOf(digest("MD5", text(arity(a, 1, "md5")[0], "md5"))));
        FUNCTIONS.put("sha256", a -> TextNode.valueOf(digest("SHA-256", text(arity(a, 1, "sha256")[0], "sha256"))));
        FUNCTIONS.put("base64_encode", a -> TextNode.valueOf(Base64.getEncoder().encodeToString(
                text(arity(a, 1, "base64_encode")[0], "base64_encode").getBytes(StandardCharsets.UTF_8))));
        FUNCTIONS.put("base64_decode", a -> {
            try {
                return TextNode.valueOf(new String(Base64.getDecoder().decode(
                        text(arity(a, 1, "base64_decode")[0], "base64_decode")), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new RuleEvaluationException("base64_decode: not base64");
            }
        });
        FUNCTIONS.put("uuid_v4", a -> TextNode.valueOf(UUID.randomUUID().toString()));
        FUNCTIONS.put("now_timestamp", a -> {
            long ms = System.currentTimeMillis();
            String unit = a.length > 0 ? text(a[0], "now_timestamp") : "second";
            return LongNode.valueOf("millisecond".equals(unit) ? ms : ms / 1000);
        });
    }

    private RuleFunctions() {}

    public static boolean exists(String name) {
        return FUNCTIONS.containsKey(name);
    }

    public static Set<String> names() {
        return FUNCTIONS.keySet();
    }

    public static boolean isDeterministic(String name) {
        return !NON_DETERMINISTIC.contains(name);
    }

    static JsonNode call(String name, JsonNode[] args) {
        return FUNCTIONS.get(name).apply(args);
    }

    private static JsonNode[] arity(JsonNode[] args, int n, String fn) {
        if (args.length != n) {
            throw new RuleEvaluationException(fn + ": expects " + n + " argument(s), got " + args.length);
        }
        return args;
    }

    private static String text(JsonNode v, String fn) {
        if (v == null || v.isContainerNode()) {
            throw new RuleEvaluationException(fn + ": expects a string, got " + (v == null ? "undefined" : Json.write(v)));
        }
        return Json.toText(v);
    }

    private static String nullToEmpty(JsonNode v) {
        return v == null ? "" : Json.toText(v);
    }

    private static JsonNode number(JsonNode v, String fn) {
        if (v != null && v.isNumber()) {
            return v;
        }
        Double d = Json.toNumber(v);
        if (d == null) {
            throw new RuleEvaluationException(fn + ": expects a number, got " + (v == null ? "undefined" : Json.write(v)));
        }
        return d == Math.rint(d) ? LongNode.valueOf(d.longValue()) : DoubleNode.valueOf(d);
    }

    private static String digest(String algorithm, String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
