package io.github.mqttkafkabridge.mqtt.common;

/** Paho's exceptions often say only "MqttException"; the useful reason is in the innermost cause. */
public final class MqttErrors {
    private MqttErrors() {}

    /** The exception's message followed by its root cause, e.g. a TLS certificate problem. */
    public static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = String.valueOf(e.getMessage());
        if (root == e) {
            return message;
        }
        return message + " (" + root.getClass().getSimpleName() + ": " + root.getMessage() + ")";
    }
}
