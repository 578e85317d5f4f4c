package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RuleEvaluationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

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
        if (v.isBinary()) {
            return binaryText(v, fn);
        }
        return Json.toText(v);
    }

    /**
     * The bytes of a binary argument: a {@link BinaryNode}'s bytes, or the UTF-8 bytes of a string (or of the text
     * of a number or boolean, as {@link #text} reads them).
     */
    static byte[] bytes(JsonNode v, String fn) {
        if (v != null && v.isBinary()) {
            if (v instanceof RuleBits b && b.bitLength() % 8 != 0) {
                throw new RuleEvaluationException(fn + ": expects whole bytes, got " + b.bitLength() + " bits");
            }
            return ((BinaryNode) v).binaryValue();
        }
        return text(v, fn).getBytes(StandardCharsets.UTF_8);
    }

    /** A binary value as EMQX reads it where it wants text: its bytes as UTF-8 (a bad sequence fails). */
    static String binaryText(JsonNode v, String fn) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes(v, fn))).toString();
        } catch (CharacterCodingException e) {
            throw new RuleEvaluationException(fn + ": the bytes are not UTF-8 text");
        }
    }

    /** Bytes as a rule value: text when they are UTF-8 (as EMQX shows such a binary), else a {@link BinaryNode}. */
    static JsonNode bytesValue(byte[] bytes) {
        try {
            return TextNode.valueOf(StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString());
        } catch (CharacterCodingException e) {
            return BinaryNode.valueOf(bytes);
        }
    }

    /** An Erlang integer argument: a JSON integer only (no float, no numeric string), as EMQX's is_integer guard. */
    static BigInteger exactInteger(JsonNode v, String fn) {
        if (v == null || !v.isIntegralNumber()) {
            throw new RuleEvaluationException(fn + ": expects an integer, got " + describe(v));
        }
        return v.bigIntegerValue();
    }

    /** {@link #exactInteger} that must fit an int (a bit count, a position). */
    static int smallInteger(JsonNode v, String fn) {
        BigInteger i = exactInteger(v, fn);
        if (i.bitLength() > 31) {
            throw new RuleEvaluationException(fn + ": " + i + " is out of range");
        }
        return i.intValue();
    }

    /**
     * A number, or the number a string holds: an integer string stays an exact integer (however long, as a
     * nanosecond timestamp), any other numeric string is a float, as EMQX reads them (integer first, then float).
     */
    static JsonNode number(JsonNode v, String fn) {
        if (v != null && v.isNumber()) {
            return v;
        }
        if (v != null && v.isTextual() && INTEGER.matcher(v.textValue().trim()).matches()) {
            return integerNode(new java.math.BigInteger(v.textValue().trim()));
        }
        Double d = Json.toNumber(v);
        if (d == null) {
            throw new RuleEvaluationException(fn + ": expects a number, got " + describe(v));
        }
        return DoubleNode.valueOf(d);
    }

    private static final java.util.regex.Pattern INTEGER = java.util.regex.Pattern.compile("[+-]?[0-9]+");

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
        if (v != null && v.isBinary()) {
            return binaryText(v, "str");
        }
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
        if (v != null && v.isBinary()) {
            return "binary " + java.util.HexFormat.of().withUpperCase().formatHex(((BinaryNode) v).binaryValue());
        }
        return v == null ? "undefined" : Json.write(v);
    }
}
