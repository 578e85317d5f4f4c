package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RuleEvaluationException;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleFunctions.Impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BinaryNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

/** EMQX's type conversions and type checks. */
final class ConversionFunctions {
    private ConversionFunctions() {}

    static void registerInto(Map<String, Impl> f) {
        f.put("str", a -> {
            Args.count(a, "str", 1, 1);
            return a[0] == null ? null : TextNode.valueOf(Args.str(a[0]));
        });
        f.put("str_utf8", f.get("str"));
        f.put("int", a -> {
            Args.count(a, "int", 1, 1);
            JsonNode v = a[0];
            if (v != null && v.isBoolean()) {
                return LongNode.valueOf(v.booleanValue() ? 1 : 0);
            }
            if (v != null && v.isIntegralNumber()) {
                return v;
            }
            if (v != null && v.isTextual()) {
                // An integer in text is read exactly, not through a float (EMQX tries binary_to_integer first).
                try {
                    return Args.integerNode(new BigInteger(v.textValue().trim()));
                } catch (NumberFormatException e) {
                    // not an integer: read it as a float below
                }
            }
            double d = Args.dbl(v, "int");
            if (!Double.isFinite(d)) {
                throw new RuleEvaluationException("int: cannot convert " + Args.describe(v));
            }
            // EMQX rounds a float down (erlang:floor), also below zero.
            return Args.integerNode(new BigDecimal(d).setScale(0, RoundingMode.FLOOR).toBigInteger());
        });
        f.put("float", a -> {
            Args.count(a, "float", 1, 2);
            double d = Args.dbl(a[0], "float");
            if (a.length == 2) {
                long decimals = Args.integer(a[1], "float");
                if (decimals < 1 || decimals > 253) {
                    // EMQX's float/2 has a clause only for Decimals > 0 (float_to_list allows up to 253).
                    throw new RuleEvaluationException("float: expects 1 to 253 decimals, got " + decimals);
                }
                // Rounds the float's exact value, as float_to_list(F, [{decimals, N}]) does.
                d = new BigDecimal(d).setScale((int) decimals, RoundingMode.HALF_UP).doubleValue();
            }
            return DoubleNode.valueOf(d);
        });
        f.put("bool", a -> {
            Args.count(a, "bool", 1, 1);
            JsonNode v = a[0];
            if (v != null && v.isBoolean()) {
                return v;
            }
            // EMQX: true, false, "true", "false", and numbers equal to 1 or 0 (1.0 and 0.0 too); not "1" or "0".
            if (v != null && v.isNumber() && (v.doubleValue() == 1 || v.doubleValue() == 0)) {
                return BooleanNode.valueOf(v.doubleValue() == 1);
            }
            if (v != null && v.isTextual() && (v.textValue().equals("true") || v.textValue().equals("false"))) {
                return BooleanNode.valueOf(v.textValue().equals("true"));
            }
            throw new RuleEvaluationException("bool: cannot convert " + Args.describe(v));
        });
        f.put("map", a -> {
            Args.count(a, "map", 1, 1);
            return Args.object(a[0], "map");
        });
        f.put("bin2hexstr", a -> {
            // bin2hexstr(Bin[, Prefix]): uppercase hex of the bytes (a string's UTF-8 bytes), after the prefix.
            Args.count(a, "bin2hexstr", 1, 2);
            String prefix = a.length == 2 && a[1] != null ? Args.text(a[1], "bin2hexstr") : "";
            return TextNode.valueOf(prefix + hex(a[0], "bin2hexstr"));
        });
        f.put("sqlserver_bin2hexstr", a -> {
            Args.count(a, "sqlserver_bin2hexstr", 1, 1);
            return TextNode.valueOf("0x" + hex(a[0], "sqlserver_bin2hexstr"));
        });
        f.put("str_utf16_le", a -> {
            // The text (str's, for a value that is not a string) as UTF-16 little-endian bytes.
            Args.count(a, "str_utf16_le", 1, 1);
            if (a[0] == null) {
                return null;
            }
            String text = a[0].isTextual() || a[0].isBinary() ? Args.text(a[0], "str_utf16_le") : Args.str(a[0]);
            return BinaryNode.valueOf(text.getBytes(StandardCharsets.UTF_16LE));
        });
        f.put("float2str", a -> {
            // float_to_binary(F, [{decimals, N}, compact]): a float only, N from 0 to 253, trailing zeros dropped.
            Args.count(a, "float2str", 2, 2);
            if (a[0] == null || !a[0].isFloatingPointNumber() || !Double.isFinite(a[0].doubleValue())) {
                throw new RuleEvaluationException("float2str: expects a float, got " + Args.describe(a[0]));
            }
            long decimals = Args.exactInteger(a[1], "float2str").longValue();
            if (decimals < 0 || decimals > 253) {
                throw new RuleEvaluationException("float2str: expects 0 to 253 decimals, got " + Args.describe(a[1]));
            }
            return TextNode.valueOf(decimalText(a[0].doubleValue(), (int) decimals));
        });
        f.put("hexstr2bin", a -> {
            // hexstr2bin(Hex[, Prefix]): the prefix must be there and is dropped; an odd length reads as a leading 0.
            Args.count(a, "hexstr2bin", 1, 2);
            String hex = Args.text(a[0], "hexstr2bin");
            if (a.length == 2 && a[1] != null) {
                String prefix = Args.text(a[1], "hexstr2bin");
                if (!hex.startsWith(prefix)) {
                    throw new RuleEvaluationException("hexstr2bin: " + Json.quote(hex) + " does not start with "
                            + Json.quote(prefix));
                }
                hex = hex.substring(prefix.length());
            }
            try {
                // The bytes: a string when they are UTF-8, else a binary.
                return Args.bytesValue(HexFormat.of().parseHex(hex.length() % 2 == 1 ? "0" + hex : hex));
            } catch (IllegalArgumentException e) {
                throw new RuleEvaluationException("hexstr2bin: not a hex string");
            }
        });
        // null() is EMQX's undefined.
        f.put("null", a -> {
            Args.count(a, "null", 0, 0);
            return null;
        });
        f.put("is_null", a -> check(a, "is_null", v -> v == null));
        f.put("is_not_null", a -> check(a, "is_not_null", v -> v != null));
        f.put("is_null_var", a -> check(a, "is_null_var", v -> v == null || v.isNull()));
        f.put("is_not_null_var", a -> check(a, "is_not_null_var", v -> v != null && !v.isNull()));
        f.put("is_str", a -> check(a, "is_str", v -> v != null && v.isTextual()));
        f.put("is_bool", a -> check(a, "is_bool", v -> v != null && v.isBoolean()));
        f.put("is_int", a -> check(a, "is_int", v -> v != null && v.isIntegralNumber()));
        f.put("is_float", a -> check(a, "is_float", v -> v != null && v.isFloatingPointNumber()));
        f.put("is_num", a -> check(a, "is_num", v -> v != null && v.isNumber()));
        f.put("is_map", a -> check(a, "is_map", v -> v != null && v.isObject()));
        f.put("is_array", a -> check(a, "is_array", v -> v != null && v.isArray()));
        // EMQX: an empty array or string is empty; anything else is read as a map (JSON text too), and fails if it
        // is not one.
        f.put("is_empty", a -> check(a, "is_empty", v -> v != null && v.isArray() ? v.isEmpty()
                : v != null && v.isTextual() && v.textValue().isEmpty() || Args.object(v, "is_empty").isEmpty()));
    }

    /**
     * Uppercase hex of a binary: its bytes, or for a bitstring that is not whole bytes, its value padded with
     * leading zero bits to whole bytes, without the first hex digit when that is padding only (as EMQX does).
     */
    static String hex(JsonNode v, String fn) {
        if (v instanceof RuleBits bits) {
            int pad = 8 - bits.bitLength() % 8;
            byte[] padded = new BigInteger(1, bits.binaryValue()).shiftRight(pad)
                    .add(BigInteger.ONE.shiftLeft(bits.bitLength() + pad)).toByteArray();
            // The added top bit keeps leading zero bytes; drop the byte(s) that hold it.
            byte[] value = java.util.Arrays.copyOfRange(padded, padded.length - (bits.bitLength() + pad) / 8,
                    padded.length);
            String hex = HexFormat.of().withUpperCase().formatHex(value);
            return pad >= 4 ? hex.substring(1) : hex;
        }
        return HexFormat.of().withUpperCase().formatHex(Args.bytes(v, fn));
    }

    /** A float with {@code decimals} decimals (rounding its exact value half up), trailing zeros dropped. */
    static String decimalText(double d, int decimals) {
        String s = new BigDecimal(d).setScale(decimals, RoundingMode.HALF_UP).toPlainString();
        if (s.indexOf('.') < 0) {
            return s;
        }
        int end = s.length();
        while (s.charAt(end - 1) == '0' && s.charAt(end - 2) != '.') {
            end--;
        }
        return s.substring(0, end);
    }

    private static JsonNode check(JsonNode[] a, String fn, java.util.function.Predicate<JsonNode> test) {
        Args.count(a, fn, 1, 1);
        return BooleanNode.valueOf(test.test(a[0]));
    }
}
