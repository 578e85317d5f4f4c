package io.github.mqttkafkabridge.bridge.value;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigDecimal;

/**
 * Rule values from the SQL values compiled rules pass to rule functions: a STRING column or literal is a string, a
 * number a number, a BOOLEAN a boolean, a {@code RAW} rule value itself, SQL NULL undefined.
 */
public final class RuleValues {
    private RuleValues() {}

    /**
     * The rule value of one argument.
     *
     * @throws IllegalArgumentException for a {@link RuleError} (callers pass errors on before converting) or a
     *     type no compiled rule passes
     */
    public static JsonNode of(Object sql) {
        if (sql == null || sql instanceof JsonNode) {
            return (JsonNode) sql;
        }
        if (sql instanceof String s) {
            return TextNode.valueOf(s);
        }
        if (sql instanceof Long l) {
            return LongNode.valueOf(l);
        }
        if (sql instanceof Integer i) {
            return IntNode.valueOf(i);
        }
        if (sql instanceof Boolean b) {
            return BooleanNode.valueOf(b);
        }
        if (sql instanceof Double d) {
            return DoubleNode.valueOf(d);
        }
        if (sql instanceof BigDecimal d) {
            // SQL reads 1.5 as DECIMAL; a rule's number literal with a fraction is a float.
            return DoubleNode.valueOf(d.doubleValue());
        }
        if (sql instanceof Number n) {
            return LongNode.valueOf(n.longValue());
        }
        throw new IllegalArgumentException("not a rule value: " + sql.getClass().getName());
    }

    /** The first error among {@code args}, or null. */
    public static RuleError firstError(Object[] args) {
        for (Object a : args) {
            if (a instanceof RuleError e) {
                return e;
            }
        }
        return null;
    }

    /** Whether a rule value is the boolean {@code true} (WHERE and CASE: everything else, errors too, is false). */
    public static boolean isTrue(Object value) {
        return value instanceof JsonNode n && n.isBoolean() && n.booleanValue();
    }
}
