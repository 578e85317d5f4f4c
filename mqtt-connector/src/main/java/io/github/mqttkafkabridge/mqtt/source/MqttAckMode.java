package io.github.mqttkafkabridge.mqtt.source;

/** When the source sends PUBACK for a QoS 1 message. */
public enum MqttAckMode {
    /** After the checkpoint that covers the message completes: nothing is lost across failures. */
    ON_CHECKPOINT,
    /** As soon as the message is handed downstream: for jobs without checkpointing; in-flight messages may be lost. */
    ON_EMIT
}
