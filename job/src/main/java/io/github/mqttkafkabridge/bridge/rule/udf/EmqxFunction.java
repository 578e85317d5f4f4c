package io.github.mqttkafkabridge.bridge.rule.udf;

/** One EMQX built-in function as a Flink SQL function {@code EMQX_<NAME>(args...)}. */
public final class EmqxFunction extends RuleValueFunction {
    private final String name;

    public EmqxFunction(String name) {
        this.name = name;
    }

    public String eval(String... args) {
        return apply(args, a -> RuleFunctions.call(name, a));
    }

    @Override
    public boolean isDeterministic() {
        // getenv must be read where the job runs, not folded into a constant where the SQL is planned.
        return RuleFunctions.isDeterministic(name);
    }
}
