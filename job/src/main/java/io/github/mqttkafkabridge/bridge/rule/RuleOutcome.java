package io.github.mqttkafkabridge.bridge.rule;

import io.github.mqttkafkabridge.bridge.rule.udf.Json;

/** How a message fared in a rule, from the {@code output} column of the rule's compiled SQL. */
public enum RuleOutcome {
    PASSED,
    /** The WHERE clause was false: EMQX's {@code failed.no_result}. */
    NO_RESULT,
    /** Evaluation failed (payload not JSON, wrong argument type...): EMQX's {@code failed.exception}. */
    EXCEPTION;

    public static RuleOutcome of(String output) {
        if (output == null) {
            return NO_RESULT;
        }
        return Json.isError(output) ? EXCEPTION : PASSED;
    }

    /** The reason of an {@link #EXCEPTION} outcome. */
    public static String reason(String output) {
        return Json.errorMessage(output);
    }
}
