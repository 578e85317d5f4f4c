package io.github.mqttkafkabridge.bridge.kafka;

/** A rule output that cannot become a record of its action's topic, with the reason and a human detail. */
final class UndeliverableRecordException extends RuntimeException {
    private final DeadLetterReason reason;

    UndeliverableRecordException(DeadLetterReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    DeadLetterReason reason() {
        return reason;
    }
}
