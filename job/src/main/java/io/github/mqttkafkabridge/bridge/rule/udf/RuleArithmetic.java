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
            return TextNode.valueOf(Json.toText(a) + Json.toText(b));
        }
        if (!a.isNumber() || !b.isNumber()) {
            throw new RuleEvaluationException("'" + op + "' needs numbers, got " + Json.write(a) + " and "
                    + Json.write(b));
        }
        boolean integral = a.isIntegralNumber() && b.isIntegralNumber();
        switch (op) {
            case "+":
                return integral ? LongNode.valueOf(a.longValue() + b.longValue())
                        : DoubleNode.valueOf(a.doubleValue() + b.doubleValue());
            case "-":
                return integral ? LongNode.valueOf(a.longValue() - b.longValue())
                        : DoubleNode.valueOf(a.doubleValue() - b.doubleValue());
            case "*":
                return integral ? LongNode.valueOf(a.longValue() * b.longValue())
                        : DoubleNode.valueOf(a.doubleValue() * b.doubleValue());
            case "/":
                if (b.doubleValue() == 0) {
                    throw new RuleEvaluationException("division by zero");
                }
                return DoubleNode.valueOf(a.doubleValue() / b.doubleValue());
            case "div":
            case "mod":
                if (!integral) {
                    throw new RuleEvaluationException("'" + op + "' needs integers");
                }
                if (b.longValue() == 0) {
                    throw new RuleEvaluationException("division by zero");
                }
                return LongNode.valueOf(op.equals("div") ? a.longValue() / b.longValue()
                        : a.longValue() % b.longValue());
            default:
                throw new RuleEvaluationException("unknown operator " + op);
        }
    }
}
