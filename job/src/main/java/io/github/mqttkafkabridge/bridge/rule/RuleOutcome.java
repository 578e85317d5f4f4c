package io.github.mqttkafkabridge.bridge.rule;

import io.github.mqttkafkabridge.bridge.value.RuleError;

/** How a message fared in a rule, from the {@code output} column of the rule's compiled SQL. */
public enum RuleOutcome {
    PASSED,
    /** The WHERE clause was false: EMQX's {@code failed.no_result}. */
    NO_RESULT,
    /** Evaluation failed (payload not JSON, wrong argument type...): EMQX's {@code failed.exception}. */
    EXCEPTION;

    /** @param output the output column: the output object, NULL for no result, or a {@link RuleError} */
    public static RuleOutcome of(Object output) {
        if (output == null) {
            return NO_RESULT;
        }
        return output instanceof RuleError ? EXCEPTION : PASSED;
    }
}
