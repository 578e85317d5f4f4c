package io.github.mqttkafkabridge.bridge.rule.udf;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;

/** {@code RULE_ARRAY(e...)}: an array literal. */
public final class RuleArray extends RuleValueFunction {
    public String eval(String... args) {
        return apply(args, a -> {
            ArrayNode array = Json.NODES.arrayNode();
            for (var element : a) {
                array.add(element == null ? NullNode.getInstance() : element);
            }
            return array;
        });
    }
}
