package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.RuleValueSerializer;

import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;

/** One EMQX built-in function as a Flink SQL function {@code EMQX_<NAME>(args...)}. */
public final class EmqxFunction extends RuleValueFunction {
    private final String name;

    public EmqxFunction(String name) {
        this.name = name;
    }

    public @DataTypeHint(value = "RAW", bridgedTo = Object.class, rawSerializer = RuleValueSerializer.class) Object eval(
            @DataTypeHint(inputGroup = InputGroup.ANY) Object... args) {
        return apply(name, args, a -> RuleFunctions.call(name, a));
    }

    @Override
    public boolean isDeterministic() {
        // getenv must be read where the job runs, not folded into a constant where the SQL is planned.
        return RuleFunctions.isDeterministic(name);
    }
}
