package io.github.mqttkafkabridge.mqtt.source.reader;

import io.github.mqttkafkabridge.mqtt.common.MqttRecord;

/**
 * A received message plus what is needed to acknowledge it: the connection (epoch) and packet id of its latest
 * delivery. A redelivery after a reconnect moves the acknowledgement to the new connection.
 */
final class ReceivedMessage {
    private MqttRecord record;
    final MqttSubscriberSession session;
    final long identity;
    private long connectionEpoch;
    private int messageId;

    ReceivedMessage(MqttRecord record, MqttSubscriberSession session, long identity, long connectionEpoch,
                    int messageId) {
        this.record = record;
        this.session = session;
        this.identity = identity;
        this.connectionEpoch = connectionEpoch;
        this.messageId = messageId;
    }

    MqttRecord record() {
        return record;
    }

    /** Drops the payload once emitted: only the acknowledgement handle waits for the checkpoint. */
    void emitted() {
        record = null;
    }

    long connectionEpoch() {
        return connectionEpoch;
    }

    int messageId() {
        return messageId;
    }

    /** The broker delivered this message again; acknowledge that delivery instead of the lost one. */
    void redirectTo(ReceivedMessage redelivery) {
        this.connectionEpoch = redelivery.connectionEpoch;
        this.messageId = redelivery.messageId;
    }
}
