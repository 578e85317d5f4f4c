package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RuleEvaluationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;

/** Argument checks shared by the built-in functions; a wrong argument fails the message, never the job. */
final class Args {
    private Args() {}

    static void count(JsonNode[] args, String fn, int min, int max) {
        if (args.length < min || args.length > max) {
            String expected = min == max ? String.valueOf(min) : min + " to " + max;
            throw new RuleEvaluationException(fn + ": expects " + expected + " argument(s), got " + args.length);
        }
    }

    static String text(JsonNode v, String fn) {
        // EMQX's string functions reject undefined and JSON null (badarg) as well as maps and lists.
        if (v == null || v.isNull() || v.isContainerNode()) {
            throw new RuleEvaluationException(fn + ": expects a string, got " + describe(v));
        }
        return Json.toText(v);
    }

    static JsonNode number(JsonNode v, String fn) {
        if (v != null && v.isNumber()) {
            return v;
        }
        Double d = Json.toNumber(v);
        if (d == null) {
            throw new RuleEvaluationException(fn + ": expects a number, got " + describe(v));
        }
        return d == Math.rint(d) && !Double.isInfinite(d) ? LongNode.valueOf(d.longValue()) : DoubleNode.valueOf(d);
    }

    static double dbl(JsonNode v, String fn) {
        return number(v, fn).doubleValue();
    }

    static long integer(JsonNode v, String fn) {
        JsonNode n = number(v, fn);
        if (!n.isIntegralNumber()) {
            throw new RuleEvaluationException(fn + ": expects an integer, got " + describe(v));
        }
        return n.longValue();
    }

    static JsonNode array(JsonNode v, String fn) {
        JsonNode a = v != null && v.isTextual() ? Json.tryParse(v.textValue()) : v;
        if (a == null || !a.isArray()) {
            throw new RuleEvaluationException(fn + ": expects an array, got " + describe(v));
        }
        return a;
    }

    static JsonNode object(JsonNode v, String fn) {
        if (v != null && v.isArray() && v.isEmpty()) {
            // EMQX's map([]) is the empty map (an empty list of pairs).
            return Json.NODES.objectNode();
        }
        JsonNode o = v != null && v.isTextual() ? Json.tryParse(v.textValue()) : v;
        if (o == null || !o.isObject()) {
            throw new RuleEvaluationException(fn + ": expects a map, got " + describe(v));
        }
        return o;
    }

    /**
     * EMQX's text of a value ({@code emqx_utils_conv:bin}): strings as they are, floats with at most 10 decimals
     * ({@code float_to_binary(F, [{decimals, 10}, compact])}), objects and arrays as JSON.
     */
    static String str(JsonNode v) {
        if (v != null && v.isFloatingPointNumber() && Double.isFinite(v.doubleValue())) {
            String s = new java.math.BigDecimal(v.doubleValue()).setScale(10, java.math.RoundingMode.HALF_EVEN)
                    .toPlainString();
            int end = s.length();
            while (s.charAt(end - 1) == '0' && s.charAt(end - 2) != '.') {
                end--;
            }
            return s.substring(0, end);
        }
        return Json.toText(v);
    }

    /** An integer result: 64 bits while it fits, exact beyond (Erlang's integers do not overflow). */
    static JsonNode integerNode(java.math.BigInteger i) {
        return i.bitLength() < 64 ? LongNode.valueOf(i.longValue()) : Json.NODES.numberNode(i);
    }

    static String describe(JsonNode v) {
        return v == null ? "undefined" : Json.write(v);
    }
}
