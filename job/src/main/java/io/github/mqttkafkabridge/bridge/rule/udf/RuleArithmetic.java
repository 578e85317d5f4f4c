package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RuleValueSerializer;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;

import io.github.mqttkafkabridge.bridge.value.RuleEvaluationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigInteger;

/**
 * {@code RULE_ARITH(op, a, b)}: {@code + - * / div mod}. {@code +} concatenates when a side is a string that
 * is not a number; integers stay integers except for {@code /}.
 */
public final class RuleArithmetic extends RuleValueFunction {

    public @DataTypeHint(value = "RAW", bridgedTo = Object.class, rawSerializer = RuleValueSerializer.class) Object eval(String op, @DataTypeHint(inputGroup = InputGroup.ANY) Object left, @DataTypeHint(inputGroup = InputGroup.ANY) Object right) {
        return apply(op, new Object[] {left, right}, a -> compute(op, a[0], a[1]));
    }

    static JsonNode compute(String op, JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            throw new RuleEvaluationException("'" + op + "' on an undefined value");
        }
        if (op.equals("+") && (a.isTextual() || b.isTextual())) {
            return TextNode.valueOf(Args.str(a) + Args.str(b));
        }
        if (!a.isNumber() || !b.isNumber()) {
            throw new RuleEvaluationException("'" + op + "' needs numbers, got " + Json.write(a) + " and "
                    + Json.write(b));
        }
        boolean integral = a.isIntegralNumber() && b.isIntegralNumber();
        switch (op) {
            case "+":
                return integral ? integral(op, a, b)
                        : finite(a.doubleValue() + b.doubleValue());
            case "-":
                return integral ? integral(op, a, b)
                        : finite(a.doubleValue() - b.doubleValue());
            case "*":
                return integral ? integral(op, a, b)
                        : finite(a.doubleValue() * b.doubleValue());
            case "/":
                if (b.doubleValue() == 0) {
                    throw new RuleEvaluationException("division by zero");
                }
                return finite(a.doubleValue() / b.doubleValue());
            case "div":
            case "mod":
                if (!integral) {
                    throw new RuleEvaluationException("'" + op + "' needs integers");
                }
                return integral(op, a, b);
            default:
                throw new RuleEvaluationException("unknown operator " + op);
        }
    }

    /** {@code + - * div mod} on integers, in 64 bits while the result fits, exactly beyond. */
    private static JsonNode integral(String op, JsonNode a, JsonNode b) {
        if (a.canConvertToLong() && b.canConvertToLong()) {
            long x = a.longValue();
            long y = b.longValue();
            try {
                switch (op) {
                    case "+":
                        return LongNode.valueOf(Math.addExact(x, y));
                    case "-":
                        return LongNode.valueOf(Math.subtractExact(x, y));
                    case "*":
                        return LongNode.valueOf(Math.multiplyExact(x, y));
                    default:
                        if (y == 0) {
                            throw new RuleEvaluationException("division by zero");
                        }
                        if (x != Long.MIN_VALUE || y != -1) {
                            // Erlang's div truncates towards zero and rem takes the sign of the dividend, as Java's.
                            return LongNode.valueOf(op.equals("div") ? x / y : x % y);
                        }
                }
            } catch (ArithmeticException overflow) {
                // computed exactly below
            }
        }
        BigInteger x = a.bigIntegerValue();
        BigInteger y = b.bigIntegerValue();
        switch (op) {
            case "+":
                return Args.integerNode(x.add(y));
            case "-":
                return Args.integerNode(x.subtract(y));
            case "*":
                return Args.integerNode(x.multiply(y));
            default:
                if (y.signum() == 0) {
                    throw new RuleEvaluationException("division by zero");
                }
                return Args.integerNode(op.equals("div") ? x.divide(y) : x.remainder(y));
        }
    }

    /** A float result; Erlang fails (badarith) where a float would overflow. */
    private static JsonNode finite(double d) {
        if (!Double.isFinite(d)) {
            throw new RuleEvaluationException("the result is not a finite number");
        }
        return DoubleNode.valueOf(d);
    }
}
