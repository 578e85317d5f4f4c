package io.github.mqttkafkabridge.bridge.value;

/** A value a rule cannot work with (wrong type, payload not JSON...): fails the message, never the job. */
public final class RuleEvaluationException extends RuntimeException {
    public RuleEvaluationException(String message) {
        super(message, null, false, false);
    }
}
