package io.github.mqttkafkabridge.mqtt.source;

import io.github.mqttkafkabridge.mqtt.common.MqttRecord;

import java.io.Serializable;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * What identifies a message when the broker redelivers it after the bridge may already have forwarded it. By
 * default a fingerprint of its content together with its packet identifier: a broker resends an unacknowledged
 * message with the same packet identifier, and does not reuse that identifier for another message while the
 * first one is unacknowledged. (The DUP flag cannot be used: Paho 1.2.5 does not pass it on.) Alternatively an
 * id the publisher sets (correlation data or a user property), unique per message. A message without the
 * configured id falls back to the fingerprint.
 */
public final class MqttDuplicateDetection implements Serializable {
    private static final long serialVersionUID = 1L;

    /** What the identity is taken from. */
    public enum Kind { FINGERPRINT, CORRELATION_DATA, USER_PROPERTY }

    private final Kind kind;
    private final String userProperty;

    private MqttDuplicateDetection(Kind kind, String userProperty) {
        this.kind = kind;
        this.userProperty = userProperty;
    }

    public static MqttDuplicateDetection fingerprint() {
        return new MqttDuplicateDetection(Kind.FINGERPRINT, null);
    }

    public static MqttDuplicateDetection correlationData() {
        return new MqttDuplicateDetection(Kind.CORRELATION_DATA, null);
    }

    public static MqttDuplicateDetection userProperty(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("dedup_id: the user property name must not be empty");
        }
        return new MqttDuplicateDetection(Kind.USER_PROPERTY, name);
    }

    /** Parses {@code fingerprint}, {@code correlation_data} or {@code user_property:<name>}. */
    public static MqttDuplicateDetection parse(String text) {
        if (text.equals("fingerprint")) {
            return fingerprint();
        }
        if (text.equals("correlation_data")) {
            return correlationData();
        }
        if (text.startsWith("user_property:")) {
            return userProperty(text.substring("user_property:".length()));
        }
        throw new IllegalArgumentException("dedup_id: \"" + text
                + "\" is not one of fingerprint, correlation_data, user_property:<name>");
    }

    /** A 64-bit identity of the message delivered with {@code packetId}. */
    public long identify(MqttRecord r, int packetId) {
        Long id = publisherId(r.topic(), r.userProperties(), r.correlationData());
        return id != null ? id : fingerprintOf(r, packetId);
    }

    /** Whether the identity is one the publisher sets (so it holds across sessions), not a fingerprint. */
    public boolean isPublisherId() {
        return kind != Kind.FINGERPRINT;
    }

    /**
     * The identity the publisher stamped on a message (with its topic), or null when the message has none or the
     * identity is a fingerprint. It is the same whichever session receives the message, so a de-duplication
     * keyed by it recognises a redelivery that the broker hands to another member of a shared subscription.
     */
    public Long publisherId(String topic, Iterable<Map.Entry<String, String>> userProperties, byte[] correlationData) {
        if (kind == Kind.CORRELATION_DATA && correlationData != null) {
            return hash(new byte[][] {topic.getBytes(StandardCharsets.UTF_8), correlationData});
        }
        if (kind == Kind.USER_PROPERTY) {
            for (Map.Entry<String, String> p : userProperties) {
                if (p.getKey().equals(userProperty)) {
                    return hash(new byte[][] {topic.getBytes(StandardCharsets.UTF_8),
                        p.getValue().getBytes(StandardCharsets.UTF_8)});
                }
            }
        }
        return null;
    }

    private static long fingerprintOf(MqttRecord r, int packetId) {
        StringBuilder props = new StringBuilder();
        for (Map.Entry<String, String> p : r.userProperties()) {
            props.append(p.getKey()).append('\u0000').append(p.getValue()).append('\u0001');
        }
        byte[] id = ByteBuffer.allocate(4).putInt(packetId).array();
        return hash(new byte[][] {id, r.topic().getBytes(StandardCharsets.UTF_8), r.payload(),
            props.toString().getBytes(StandardCharsets.UTF_8),
            r.correlationData() == null ? new byte[0] : r.correlationData()});
    }

    /** Two independent 32-bit checksums of the length-prefixed parts, side by side. */
    private static long hash(byte[][] parts) {
        CRC32C crc = new CRC32C();
        int poly = 17;
        ByteBuffer len = ByteBuffer.allocate(4);
        for (byte[] part : parts) {
            len.clear();
            len.putInt(part.length);
            crc.update(len.array());
            crc.update(part);
            poly = 31 * poly + part.length;
            for (byte b : part) {
                poly = 31 * poly + b;
            }
        }
        return (crc.getValue() << 32) | (poly & 0xffffffffL);
    }

    @Override
    public String toString() {
        return kind == Kind.USER_PROPERTY ? "user_property:" + userProperty : kind.name().toLowerCase();
    }
}
