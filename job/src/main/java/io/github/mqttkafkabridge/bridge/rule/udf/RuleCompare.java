package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RuleValueSerializer;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;

import io.github.mqttkafkabridge.bridge.value.RuleEvaluationException;
import io.github.mqttkafkabridge.mqtt.common.TopicFilters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.regex.Pattern;

/**
 * {@code RULE_CMP(op, a, b)} with EMQX semantics: an undefined side makes the comparison false (two undefined
 * sides are equal); a number and a numeric string compare as numbers (a string that is no number fails the
 * message, as in EMQX); {@code =~} matches a topic filter.
 */
public final class RuleCompare extends RuleValueFunction {

    public @DataTypeHint(value = "RAW", bridgedTo = Object.class, rawSerializer = RuleValueSerializer.class) Object eval(String op, @DataTypeHint(inputGroup = InputGroup.ANY) Object left, @DataTypeHint(inputGroup = InputGroup.ANY) Object right) {
        return apply(op, new Object[] {left, right}, a -> BooleanNode.valueOf(compare(op, a[0], a[1])));
    }

    static boolean compare(String op, JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == null && b == null && (op.equals("=") || op.equals("<=") || op.equals(">="));
        }
        if (op.equals("=~")) {
            return TopicFilters.matches(Json.toText(b), Json.toText(a));
        }
        Integer order = order(a, b);
        switch (op) {
            case "=":
                return order != null ? order == 0 : a.equals(EQUAL, b);
            case "!=":
            case "<>":
                return order != null ? order != 0 : !a.equals(EQUAL, b);
            case "<":
                return order != null && order < 0;
            case "<=":
                return order != null && order <= 0;
            case ">":
                return order != null && order > 0;
            case ">=":
                return order != null && order >= 0;
            default:
                throw new RuleEvaluationException("unknown comparison " + op);
        }
    }

    /**
     * Erlang's exact equality ({@code =:=}, as {@code lists:member} uses for {@code IN} and {@code contains}): an
     * integer is never equal to a float, nor a number to a string; two undefined values are equal.
     */
    static boolean exactlyEqual(JsonNode a, JsonNode b) {
        return a == null || b == null ? a == b : a.equals(EXACT, b);
    }

    /**
     * Erlang's {@code ==} ({@code eq(X, Y)}): numbers by value (1 equals 1.0), everything else exactly, so a number
     * never equals a string; a string and a binary with the same bytes are equal; two undefined values are equal.
     */
    static boolean erlangEqual(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isBinary() || b.isBinary()) {
            return (a.isBinary() || a.isTextual()) && (b.isBinary() || b.isTextual())
                    && java.util.Arrays.equals(erlangBytes(a), erlangBytes(b))
                    && RuleBits.bitLength(asBinary(a)) == RuleBits.bitLength(asBinary(b));
        }
        return a.equals(EQUAL, b);
    }

    private static byte[] erlangBytes(JsonNode v) {
        return asBinary(v).binaryValue();
    }

    private static com.fasterxml.jackson.databind.node.BinaryNode asBinary(JsonNode v) {
        return v.isBinary() ? (com.fasterxml.jackson.databind.node.BinaryNode) v
                : com.fasterxml.jackson.databind.node.BinaryNode.valueOf(
                        v.textValue().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Erlang's {@code ==} on scalars inside objects and arrays: numbers by value (1 equals 1.0). */
    private static final Comparator<JsonNode> EQUAL = (x, y) -> x.isNumber() && y.isNumber()
            ? x.decimalValue().compareTo(y.decimalValue()) : x.equals(y) ? 0 : 1;

    private static final Comparator<JsonNode> EXACT = (x, y) -> {
        if (x.isNumber() && y.isNumber()) {
            if (x.isIntegralNumber() != y.isIntegralNumber()) {
                return 1;
            }
            return x.isIntegralNumber() ? x.bigIntegerValue().compareTo(y.bigIntegerValue())
                    : Double.compare(x.doubleValue(), y.doubleValue());
        }
        return x.equals(y) ? 0 : 1;
    };

    /** Ordering of two scalars, or null when they are not comparable (objects, arrays, mixed kinds). */
    private static Integer order(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber() && exactDouble(a) && exactDouble(b)) {
            double x = a.doubleValue();
            double y = b.doubleValue();
            return x < y ? -1 : x > y ? 1 : 0;
        }
        if (a.isNumber() || b.isNumber()) {
            // EMQX reads the string side of a number-string comparison as a number, and fails when it is none.
            BigDecimal x = a.isNumber() ? a.decimalValue() : a.isTextual() ? erlangNumber(a.textValue()) : null;
            BigDecimal y = b.isNumber() ? b.decimalValue() : b.isTextual() ? erlangNumber(b.textValue()) : null;
            return x != null && y != null ? Integer.valueOf(x.compareTo(y)) : null;
        }
        if (a.isValueNode() && b.isValueNode()) {
            return Json.toText(a).compareTo(Json.toText(b));
        }
        return null;
    }

    /** Whether a number is exactly a double (the fast path; larger integers compare exactly as decimals). */
    private static boolean exactDouble(JsonNode n) {
        return n.isDouble() || n.isFloat() || n.canConvertToLong() && Math.abs(n.longValue()) <= 1L << 53;
    }

    /** A string as Erlang reads it as a number: an integer ({@code 12}, {@code -3}) or a float ({@code 1.5}). */
    private static BigDecimal erlangNumber(String s) {
        if (!ERLANG_NUMBER.matcher(s).matches()) {
            throw new RuleEvaluationException("cannot compare a number with the string " + Json.quote(s));
        }
        return new BigDecimal(s.startsWith("+") ? s.substring(1) : s);
    }

    private static final Pattern ERLANG_NUMBER = Pattern.compile("[+-]?[0-9]+(\\.[0-9]+([eE][+-]?[0-9]+)?)?");
}
