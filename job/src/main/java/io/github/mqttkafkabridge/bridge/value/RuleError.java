package io.github.mqttkafkabridge.bridge.value;

import java.util.Objects;

/**
 * The outcome of a rule expression that could not be evaluated for one message (payload not JSON, a wrong argument
 * type...). It is a value of its own, never part of the data: every rule function passes an error argument on
 * instead of computing, so the rule's output is this error, which counts as EMQX's {@code failed.exception} and is
 * logged with the function and the reason. The message fails; the job goes on.
 */
public final class RuleError {
    private final String function;
    private final String reason;

    /** @param reason may start with {@code "<function>: "}, which is not repeated */
    public RuleError(String function, String reason) {
        this.function = function;
        String prefix = function + ": ";
        this.reason = reason != null && reason.startsWith(prefix) ? reason.substring(prefix.length()) : reason;
    }

    /** The rule function or operator that failed, as the rule writes it ({@code lower}, {@code >}, {@code payload.x}). */
    public String function() {
        return function;
    }

    public String reason() {
        return reason;
    }

    /** {@code "<function>: <reason>"}, as logs and {@code rule test} show it. */
    public String message() {
        return function + ": " + reason;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RuleError e && e.function.equals(function) && Objects.equals(e.reason, reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(function, reason);
    }

    @Override
    public String toString() {
        return message();
    }
}
