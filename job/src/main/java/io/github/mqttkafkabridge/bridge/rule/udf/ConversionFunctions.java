package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RuleEvaluationException;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleFunctions.Impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;
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
            return a[0] == null ? null : TextNode.valueOf(Json.toText(a[0]));
        });
        f.put("str_utf8", f.get("str"));
        f.put("int", a -> {
            Args.count(a, "int", 1, 1);
            if (a[0] != null && a[0].isBoolean()) {
                return LongNode.valueOf(a[0].booleanValue() ? 1 : 0);
            }
            return LongNode.valueOf((long) Args.dbl(a[0], "int"));
        });
        f.put("float", a -> {
            Args.count(a, "float", 1, 2);
            double d = Args.dbl(a[0], "float");
            if (a.length == 2) {
                d = BigDecimal.valueOf(d).setScale((int) Args.integer(a[1], "float"), RoundingMode.HALF_UP).doubleValue();
            }
            return DoubleNode.valueOf(d);
        });
        f.put("bool", a -> {
            Args.count(a, "bool", 1, 1);
            JsonNode v = a[0];
            if (v != null && v.isBoolean()) {
                return v;
            }
            String s = v == null ? "" : Json.toText(v);
            switch (s) {
                case "true":
                case "1":
                    return BooleanNode.TRUE;
                case "false":
                case "0":
                    return BooleanNode.FALSE;
                default:
                    throw new RuleEvaluationException("bool: cannot convert " + Args.describe(v));
            }
        });
        f.put("map", a -> {
            Args.count(a, "map", 1, 1);
            return Args.object(a[0], "map");
        });
        f.put("bin2hexstr", a -> {
            Args.count(a, "bin2hexstr", 1, 1);
            return TextNode.valueOf(HexFormat.of().withUpperCase()
                    .formatHex(Args.text(a[0], "bin2hexstr").getBytes(StandardCharsets.UTF_8)));
        });
        f.put("hexstr2bin", a -> {
            Args.count(a, "hexstr2bin", 1, 1);
            try {
                return TextNode.valueOf(new String(HexFormat.of().parseHex(Args.text(a[0], "hexstr2bin")),
                        StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new RuleEvaluationException("hexstr2bin: not a hex string");
            }
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
        f.put("is_empty", a -> check(a, "is_empty", v -> v != null
                && (v.isContainerNode() && v.isEmpty() || v.isTextual() && v.textValue().isEmpty())));
    }

    private static JsonNode check(JsonNode[] a, String fn, java.util.function.Predicate<JsonNode> test) {
        Args.count(a, fn, 1, 1);
        return BooleanNode.valueOf(test.test(a[0]));
    }
}
