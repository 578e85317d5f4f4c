package io.github.mqttkafkabridge.mqtt.common;

import org.eclipse.paho.mqttv5.common.MqttException;

import java.util.Set;

/** Paho's exceptions often say only "MqttException"; the useful reason is in the innermost cause. */
public final class MqttErrors {
    /**
     * MQTT 5 reason codes a broker answers a PUBLISH with when it will not take that message (PUBACK/PUBREC):
     * unspecified, implementation specific, not authorized, topic name invalid, quota exceeded, payload format
     * invalid.
     */
    private static final Set<Integer> PUBLISH_REJECTIONS = Set.of(0x80, 0x83, 0x87, 0x90, 0x97, 0x99);

    private MqttErrors() {}

    /** Whether a failed publish was refused by the broker for this message (so sending it again cannot help). */
    public static boolean isRejectedPublish(Throwable e) {
        return e instanceof MqttException m && PUBLISH_REJECTIONS.contains(m.getReasonCode());
    }

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
