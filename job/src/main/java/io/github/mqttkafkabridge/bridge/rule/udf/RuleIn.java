package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.RuleValueSerializer;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;

import com.fasterxml.jackson.databind.node.BooleanNode;

/**
 * {@code RULE_IN(value, candidate...)}: true when the value equals one candidate exactly, as EMQX's
 * {@code lists:member}: 1 is not in (1.0) nor in ('1').
 */
public final class RuleIn extends RuleValueFunction {
    public @DataTypeHint(value = "RAW", bridgedTo = Object.class, rawSerializer = RuleValueSerializer.class) Object eval(@DataTypeHint(inputGroup = InputGroup.ANY) Object... args) {
        return apply("in", args, a -> {
            for (int i = 1; i < a.length; i++) {
                if (RuleCompare.exactlyEqual(a[0], a[i])) {
                    return BooleanNode.TRUE;
                }
            }
            return BooleanNode.FALSE;
        });
    }
}
