package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RuleValueSerializer;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;

import io.github.mqttkafkabridge.bridge.value.RuleEvaluationException;
import io.github.mqttkafkabridge.mqtt.common.TopicFilters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;

/**
 * {@code RULE_CMP(op, a, b)} with EMQX semantics: an undefined side makes the comparison false (two undefined
 * sides are equal); a number and a numeric string compare as numbers; {@code =~} matches a topic filter.
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
                return order != null ? order == 0 : a.equals(b);
            case "!=":
            case "<>":
                return order != null ? order != 0 : !a.equals(b);
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

    /** Ordering of two scalars, or null when they are not comparable (objects, arrays, mixed kinds). */
    private static Integer order(JsonNode a, JsonNode b) {
        if (a.isNumber() || b.isNumber()) {
            Double x = Json.toNumber(a);
            Double y = Json.toNumber(b);
            if (x != null && y != null) {
                return Double.compare(x, y);
            }
            return null;
        }
        if (a.isValueNode() && b.isValueNode()) {
            return Json.toText(a).compareTo(Json.toText(b));
        }
        return null;
    }
}
