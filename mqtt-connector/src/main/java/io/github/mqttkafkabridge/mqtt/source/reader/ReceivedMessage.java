package io.github.mqttkafkabridge.mqtt.source.reader;

import io.github.mqttkafkabridge.mqtt.common.MqttRecord;

/** A received message plus what is needed to acknowledge it on the connection that delivered it. */
final class ReceivedMessage {
    final MqttRecord record;
    final MqttSubscriberSession session;
    final long connectionEpoch;
    final int messageId;

    ReceivedMessage(MqttRecord record, MqttSubscriberSession session, long connectionEpoch, int messageId) {
        this.record = record;
        this.session = session;
        this.connectionEpoch = connectionEpoch;
        this.messageId = messageId;
    }

    void acknowledge() {
        session.acknowledge(this);
    }
}
