package io.github.mqttkafkabridge.mqtt.source.reader;

import io.github.mqttkafkabridge.mqtt.common.MqttRecord;
import io.github.mqttkafkabridge.mqtt.source.reader.ForwardedMessages.Verdict;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ForwardedMessagesTest {
    private static final MqttRecord RECORD = new MqttRecord("t", new byte[] {1}, 1, false, false, List.of(), null,
            null, null, null, null, 0);

    private static ReceivedMessage message(long identity, long epoch, int packetId) {
        return new ReceivedMessage(RECORD, null, identity, epoch, packetId);
    }

    @Test
    void aRedeliveryOfAPendingMessageIsDroppedAndItsAckMovesToTheNewConnection() {
        ForwardedMessages forwarded = new ForwardedMessages(new long[0]);
        ReceivedMessage original = message(42, 0, 7);
        assertThat(forwarded.redelivered(original)).isEqualTo(Verdict.FORWARD);
        forwarded.forwarded(original);

        ReceivedMessage redelivery = message(42, 1, 7);
        assertThat(forwarded.redelivered(redelivery)).isEqualTo(Verdict.DROP_ACK_WITH_CHECKPOINT);
        assertThat(original.connectionEpoch()).isEqualTo(1);
        assertThat(original.messageId()).isEqualTo(7);
    }

    @Test
    void restoredIdentitiesAreAcknowledgedAndDroppedOnlyWhileTheBrokerIsRedelivering() {
        ForwardedMessages forwarded = new ForwardedMessages(new long[] {1, 2});
        assertThat(forwarded.redelivered(message(1, 0, 1))).isEqualTo(Verdict.DROP_ACK_NOW);
        assertThat(forwarded.redelivered(message(3, 0, 3))).isEqualTo(Verdict.FORWARD);
        // After the first new message the redeliveries are over: an identical identity is a new message now.
        assertThat(forwarded.redelivered(message(2, 0, 2))).isEqualTo(Verdict.FORWARD);
    }

    @Test
    void acknowledgementsLostWithTheConnectionAreRecognisedOnTheNextOne() {
        ForwardedMessages forwarded = new ForwardedMessages(new long[0]);
        ReceivedMessage m = message(9, 0, 1);
        forwarded.redelivered(m);
        forwarded.forwarded(m);
        forwarded.released(m);
        forwarded.checkpointCompleted(true);
        assertThat(forwarded.snapshot()).containsExactly(9L);

        assertThat(forwarded.redelivered(message(9, 1, 1))).isEqualTo(Verdict.DROP_ACK_NOW);
    }

    @Test
    void acknowledgedIdentitiesAreForgottenAfterAFewCheckpointsWhileConnected() {
        ForwardedMessages forwarded = new ForwardedMessages(new long[0]);
        ReceivedMessage m = message(5, 0, 1);
        forwarded.forwarded(m);
        forwarded.released(m);
        for (int i = 0; i < ForwardedMessages.REMEMBER_CHECKPOINTS + 2; i++) {
            forwarded.checkpointCompleted(false);
        }
        assertThat(forwarded.snapshot()).as("kept while disconnected").containsExactly(5L);
        for (int i = 0; i < ForwardedMessages.REMEMBER_CHECKPOINTS + 2; i++) {
            forwarded.checkpointCompleted(true);
        }
        assertThat(forwarded.snapshot()).isEmpty();
    }

    @Test
    void snapshotHoldsPendingAndRecentlyAcknowledgedIdentities() {
        ForwardedMessages forwarded = new ForwardedMessages(new long[] {100});
        ReceivedMessage pending = message(200, 0, 2);
        forwarded.forwarded(pending);
        assertThat(forwarded.snapshot()).containsExactlyInAnyOrder(100L, 200L);
    }

    @Test
    void acknowledgementsOfALostConnectionAreNotSentOnTheNewOne() {
        ReceivedMessage oldConnection = message(1, 0, 5);
        assertThat(MqttSubscriberSession.belongsToConnection(oldConnection, 0)).isTrue();
        assertThat(MqttSubscriberSession.belongsToConnection(oldConnection, 1)).isFalse();
        assertThat(MqttSubscriberSession.belongsToConnection(message(2, 1, 0), 1)).as("QoS 0").isFalse();

        ForwardedMessages forwarded = new ForwardedMessages(new long[0]);
        forwarded.forwarded(oldConnection);
        forwarded.redelivered(message(1, 1, 5));
        assertThat(MqttSubscriberSession.belongsToConnection(oldConnection, 1)).as("after its redelivery").isTrue();
    }
}
