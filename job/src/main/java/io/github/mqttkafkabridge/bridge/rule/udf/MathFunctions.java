package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.RuleEvaluationException;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleFunctions.Impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleUnaryOperator;

/** EMQX's math functions: {@code ceil floor round} give integers, the others floats. */
final class MathFunctions {
    private MathFunctions() {}

    static void registerInto(Map<String, Impl> f) {
        f.put("abs", a -> {
            Args.count(a, "abs", 1, 1);
            JsonNode v = Args.number(a[0], "abs");
            return v.isIntegralNumber() ? Args.integerNode(v.bigIntegerValue().abs())
                    : DoubleNode.valueOf(Math.abs(v.doubleValue()));
        });
        f.put("ceil", a -> toInteger(a, "ceil", RoundingMode.CEILING));
        f.put("floor", a -> toInteger(a, "floor", RoundingMode.FLOOR));
        // Erlang's round/1 rounds halves away from zero (round(-2.5) is -3), as HALF_UP does.
        f.put("round", a -> toInteger(a, "round", RoundingMode.HALF_UP));
        f.put("sqrt", a -> unary(a, "sqrt", Math::sqrt));
        f.put("exp", a -> unary(a, "exp", Math::exp));
        f.put("log", a -> unary(a, "log", Math::log));
        f.put("log10", a -> unary(a, "log10", Math::log10));
        f.put("log2", a -> unary(a, "log2", MathFunctions::log2));
        f.put("sin", a -> unary(a, "sin", Math::sin));
        f.put("cos", a -> unary(a, "cos", Math::cos));
        f.put("tan", a -> unary(a, "tan", Math::tan));
        f.put("asin", a -> unary(a, "asin", Math::asin));
        f.put("acos", a -> unary(a, "acos", Math::acos));
        f.put("atan", a -> unary(a, "atan", Math::atan));
        f.put("sinh", a -> unary(a, "sinh", Math::sinh));
        f.put("cosh", a -> unary(a, "cosh", Math::cosh));
        f.put("tanh", a -> unary(a, "tanh", Math::tanh));
        f.put("power", a -> {
            Args.count(a, "power", 2, 2);
            return finite(Math.pow(Args.dbl(a[0], "power"), Args.dbl(a[1], "power")), "power");
        });
        f.put("fmod", a -> {
            Args.count(a, "fmod", 2, 2);
            return finite(Args.dbl(a[0], "fmod") % Args.dbl(a[1], "fmod"), "fmod");
        });
        f.put("random", a -> {
            Args.count(a, "random", 0, 0);
            return DoubleNode.valueOf(ThreadLocalRandom.current().nextDouble());
        });
    }

    /** log2, exact for powers of two (log(2^29) / log(2) is not exactly 29). */
    private static double log2(double d) {
        int exponent = Math.getExponent(d);
        return d > 0 && d == Math.scalb(1.0, exponent) ? exponent : Math.log(d) / Math.log(2);
    }

    private static JsonNode unary(JsonNode[] a, String fn, DoubleUnaryOperator op) {
        Args.count(a, fn, 1, 1);
        return finite(op.applyAsDouble(Args.dbl(a[0], fn)), fn);
    }

    /** An integer, exact however large the float (Erlang's integers have no limit). */
    private static JsonNode toInteger(JsonNode[] a, String fn, RoundingMode mode) {
        Args.count(a, fn, 1, 1);
        JsonNode v = Args.number(a[0], fn);
        if (v.isIntegralNumber()) {
            return v;
        }
        return Args.integerNode(new BigDecimal(v.doubleValue()).setScale(0, mode).toBigInteger());
    }

    private static JsonNode finite(double d, String fn) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new RuleEvaluationException(fn + ": the result is not a finite number");
        }
        return DoubleNode.valueOf(d);
    }
}
