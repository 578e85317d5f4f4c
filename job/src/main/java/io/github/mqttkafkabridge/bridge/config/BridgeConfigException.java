package io.github.mqttkafkabridge.bridge.config;

/** A configuration problem; the message names the key, the bad value and what is allowed. */
public final class BridgeConfigException extends RuntimeException {
    public BridgeConfigException(String message) {
        super(message);
    }

    public BridgeConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
