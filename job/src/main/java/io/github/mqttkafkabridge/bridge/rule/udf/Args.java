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
        if (v == null || v.isContainerNode()) {
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
        JsonNode o = v != null && v.isTextual() ? Json.tryParse(v.textValue()) : v;
        if (o == null || !o.isObject()) {
            throw new RuleEvaluationException(fn + ": expects a map, got " + describe(v));
        }
        return o;
    }

    static String describe(JsonNode v) {
        return v == null ? "undefined" : Json.write(v);
    }
}
