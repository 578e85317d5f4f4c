package io.github.mqttkafkabridge.bridge.value;

/** A template that cannot be rendered for one message; the message fails, the job goes on. */
public final class RenderException extends RuntimeException {
    public RenderException(String message) {
        super(message);
    }
}
