package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RuleEvaluationException;
import io.github.mqttkafkabridge.bridge.value.RuleValueSerializer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;

/** EMQX's ranges {@code [begin..end]}: alone a list of integers, after a path a sublist. */
public final class RuleRanges {
    private RuleRanges() {}

    /**
     * {@code RULE_RANGE(begin, end)}: the integers from begin to end; empty when end is begin - 1, and an error when
     * it is lower still (Erlang's {@code lists:seq}).
     */
    public static final class Generate extends RuleValueFunction {
        public @DataTypeHint(value = "RAW", bridgedTo = Object.class, rawSerializer = RuleValueSerializer.class)
                Object eval(int begin, int end) {
            return apply("[" + begin + ".." + end + "]", new Object[0], a -> {
                if (end < begin - 1) {
                    throw new RuleEvaluationException("the end is below the beginning");
                }
                ArrayNode list = Json.NODES.arrayNode();
                for (long i = begin; i <= end; i++) {
                    list.add(i);
                }
                return list;
            });
        }
    }

    /**
     * {@code RULE_SUBLIST(list, begin, end)}: elements begin to end, both included, 1-based, negative counting from
     * the end. As in EMQX, a value that is not a list, index 0 and a range outside the list fail the message; a
     * range reaching past the end stops at the end.
     */
    public static final class Sublist extends RuleValueFunction {
        public @DataTypeHint(value = "RAW", bridgedTo = Object.class, rawSerializer = RuleValueSerializer.class)
                Object eval(@DataTypeHint(inputGroup = InputGroup.ANY) Object list, int begin, int end) {
            return apply("[" + begin + ".." + end + "]", new Object[] {list}, a -> sublist(a[0], begin, end));
        }

        private static JsonNode sublist(JsonNode list, int begin, int end) {
            if (list == null || !list.isArray()) {
                throw new RuleEvaluationException("expects a list, got " + Args.describe(list));
            }
            int size = list.size();
            int first = index(begin, size);
            int last = index(end, size);
            int length = last - first + 1;
            if (first < 1 || first > size + 1 || length < 0) {
                throw new RuleEvaluationException("range outside the list of " + size + " element(s)");
            }
            ArrayNode out = Json.NODES.arrayNode();
            for (int i = first; i < first + length && i <= size; i++) {
                out.add(list.get(i - 1));
            }
            return out;
        }

        private static int index(int i, int size) {
            if (i == 0) {
                throw new RuleEvaluationException("index 0: indexes start at 1 (or -1 from the end)");
            }
            return i > 0 ? i : size + i + 1;
        }
    }
}
