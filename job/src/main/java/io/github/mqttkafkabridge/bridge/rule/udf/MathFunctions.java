package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.RuleEvaluationException;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleFunctions.Impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;

import com.fasterxml.jackson.databind.node.BooleanNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * EMQX's math functions: {@code ceil floor round} give integers, the others floats; {@code div mod} and the bit
 * operations take and give integers only.
 */
final class MathFunctions {
    /** The largest result of a left shift, in bits (Erlang's limit is far larger, but so is its memory). */
    static final int MAX_SHIFTED_BITS = 65536;

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
        f.put("cosh", a -> unary(a, "cosh", MathFunctions::cosh));
        f.put("tanh", a -> unary(a, "tanh", Math::tanh));
        f.put("asinh", a -> unary(a, "asinh", MathFunctions::asinh));
        f.put("acosh", a -> unary(a, "acosh", MathFunctions::acosh));
        f.put("atanh", a -> unary(a, "atanh", MathFunctions::atanh));
        // div and mod as functions: integers only (Erlang's div truncates, rem takes the dividend's sign).
        f.put("div", a -> integers(a, "div", (x, y) -> nonZero(y, "div") ? x.divide(y) : null));
        f.put("mod", a -> integers(a, "mod", (x, y) -> nonZero(y, "mod") ? x.remainder(y) : null));
        f.put("eq", a -> {
            Args.count(a, "eq", 2, 2);
            return BooleanNode.valueOf(RuleCompare.erlangEqual(a[0], a[1]));
        });
        // Bitwise operations on integers of any size (Erlang's band, bor, bxor, bnot, bsl, bsr).
        f.put("bitand", a -> integers(a, "bitand", BigInteger::and));
        f.put("bitor", a -> integers(a, "bitor", BigInteger::or));
        f.put("bitxor", a -> integers(a, "bitxor", BigInteger::xor));
        f.put("bitnot", a -> {
            Args.count(a, "bitnot", 1, 1);
            return Args.integerNode(Args.exactInteger(a[0], "bitnot").not());
        });
        f.put("bitsl", a -> integers(a, "bitsl", (x, n) -> shift(x, n, "bitsl")));
        f.put("bitsr", a -> integers(a, "bitsr", (x, n) -> shift(x, n.negate(), "bitsr")));
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

    private static JsonNode integers(JsonNode[] a, String fn, BinaryOperator<BigInteger> op) {
        Args.count(a, fn, 2, 2);
        return Args.integerNode(op.apply(Args.exactInteger(a[0], fn), Args.exactInteger(a[1], fn)));
    }

    private static boolean nonZero(BigInteger y, String fn) {
        if (y.signum() == 0) {
            throw new RuleEvaluationException(fn + ": division by zero");
        }
        return true;
    }

    /** {@code x} shifted left by {@code n} bits (right when negative); a result beyond 2^65536 fails. */
    private static BigInteger shift(BigInteger x, BigInteger n, String fn) {
        if (x.signum() == 0) {
            return x;
        }
        if (n.signum() <= 0) {
            // Shifting right by more bits than there are leaves 0 or -1, as in Erlang.
            return n.bitLength() > 31 ? BigInteger.valueOf(x.signum() < 0 ? -1 : 0) : x.shiftRight(-n.intValue());
        }
        if (n.bitLength() > 31 || x.bitLength() + n.longValue() > MAX_SHIFTED_BITS) {
            throw new RuleEvaluationException(fn + ": the result would exceed " + MAX_SHIFTED_BITS + " bits");
        }
        return x.shiftLeft(n.intValue());
    }

    private static double asinh(double x) {
        double ax = Math.abs(x);
        // log1p keeps small arguments exact; the sign is put back after (asinh is odd).
        double r = ax > 1e8 ? Math.log(ax) + Math.log(2) : Math.log1p(ax + ax * ax / (1 + Math.sqrt(1 + ax * ax)));
        return Math.copySign(r, x);
    }

    private static double acosh(double x) {
        if (x < 1) {
            return Double.NaN;
        }
        return x > 1e8 ? Math.log(x) + Math.log(2) : Math.log(x + Math.sqrt(x * x - 1));
    }

    private static double atanh(double x) {
        if (Math.abs(x) >= 1) {
            return Double.NaN;
        }
        return 0.5 * Math.log1p(2 * x / (1 - x));
    }

    /** log2, exact for powers of two (log(2^29) / log(2) is not exactly 29). */
    /**
     * Erlang's {@code math:log2} is C's {@code log2}: exact for powers of two, and within half an ulp elsewhere,
     * which {@code log(d) / log(2)} is not (3.3219280948873626 for 10 instead of 3.321928094887362). The exponent
     * is taken out first, so only the mantissa's logarithm is divided.
     */
    private static double log2(double d) {
        if (!(d > 0) || Double.isInfinite(d) || d < Double.MIN_NORMAL) {
            return Math.log(d) / Math.log(2);
        }
        int exponent = Math.getExponent(d);
        double mantissa = Math.scalb(d, -exponent);
        return mantissa == 1.0 ? exponent : exponent + Math.log(mantissa) / Math.log(2);
    }

    /**
     * C's {@code cosh} (fdlibm's formulas), which Erlang's {@code math:cosh} calls: Java's {@code Math.cosh} may
     * differ in the last digit (1.543080634815244 instead of 1.5430806348152437 for 1).
     */
    private static double cosh(double x) {
        double ax = Math.abs(x);
        if (ax < 0.5 * Math.log(2)) {
            double t = Math.expm1(ax);
            double w = 1 + t;
            return 1 + (t * t) / (w + w);
        }
        if (ax < 22) {
            double t = Math.exp(ax);
            return 0.5 * t + 0.5 / t;
        }
        return Math.cosh(x);
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
