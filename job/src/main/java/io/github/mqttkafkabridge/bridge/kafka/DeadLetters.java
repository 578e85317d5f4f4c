package io.github.mqttkafkabridge.bridge.kafka;

import io.github.mqttkafkabridge.bridge.config.KafkaProducerAction;
import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RenderInput;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The record written to an action's dead-letter topic: a JSON object with the action, the reason code, a
 * human-readable detail, the time, and the original message (the rule output, as JSON when it is JSON). The
 * key is the action id.
 */
final class DeadLetters {
    /** Room left for the envelope when the message itself must be shortened to fit the dead-letter topic. */
    private static final int ENVELOPE_BYTES = 4096;

    private DeadLetters() {}

    static KafkaOutRecord record(KafkaProducerAction action, RenderInput output, DeadLetterReason reason,
                                 String detail, long now, int maxBytes) {
        ObjectNode letter = Json.MAPPER.createObjectNode();
        letter.put("action", action.actionId());
        letter.put("reason", reason.code());
        letter.put("detail", detail);
        letter.put("timestamp", now);
        letter.put("time", Instant.ofEpochMilli(now).toString());
        byte[] messageBytes = output.bytes();
        if (messageBytes.length + ENVELOPE_BYTES > maxBytes) {
            // Too large for the dead-letter topic as well: keep the beginning and say how much there was.
            int keep = Math.max(0, maxBytes - ENVELOPE_BYTES - detail.length() * 4);
            letter.put("message", new String(messageBytes, 0, Math.min(keep, messageBytes.length),
                    StandardCharsets.UTF_8));
            letter.put("message_truncated", true);
            letter.put("message_bytes", messageBytes.length);
        } else {
            letter.set("message", output.tree());
        }
        return new KafkaOutRecord(action.deadLetterTopic(), action.actionId().getBytes(StandardCharsets.UTF_8),
                Json.write(letter).getBytes(StandardCharsets.UTF_8), now, new String[0], new byte[0][]);
    }
}
