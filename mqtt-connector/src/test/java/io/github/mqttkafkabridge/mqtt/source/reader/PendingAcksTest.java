package io.github.mqttkafkabridge.mqtt.source.reader;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PendingAcksTest {

    @Test
    void completingACheckpointReleasesItAndEarlierOnesInEmissionOrder() {
        PendingAcks<Integer> acks = new PendingAcks<>();
        acks.emitted(1);
        acks.emitted(2);
        acks.checkpointTaken(1);
        acks.emitted(3);
        acks.checkpointTaken(2);
        acks.emitted(4);

        assertThat(acks.checkpointCompleted(2)).containsExactly(1, 2, 3);
        assertThat(acks.size()).isEqualTo(1);
        assertThat(acks.checkpointCompleted(2)).isEmpty();
    }

    @Test
    void messagesEmittedAfterASnapshotWaitForTheNextCheckpoint() {
        PendingAcks<Integer> acks = new PendingAcks<>();
        acks.emitted(1);
        acks.checkpointTaken(7);
        acks.emitted(2);

        assertThat(acks.checkpointCompleted(7)).containsExactly(1);
        acks.checkpointTaken(8);
        assertThat(acks.checkpointCompleted(8)).containsExactly(2);
    }

    @Test
    void filedListIsACopyNotTheLiveList() {
        PendingAcks<Integer> acks = new PendingAcks<>();
        acks.emitted(1);
        acks.checkpointTaken(1);
        acks.emitted(2);
        List<Integer> released = acks.checkpointCompleted(1);
        assertThat(released).containsExactly(1);
    }

    @Test
    void anAbortedCheckpointIsCoveredByTheNextCompletedOne() {
        PendingAcks<Integer> acks = new PendingAcks<>();
        acks.emitted(1);
        acks.checkpointTaken(1);
        acks.emitted(2);
        acks.checkpointTaken(2);
        // checkpoint 1 never completes; 2 does and covers it
        assertThat(acks.checkpointCompleted(2)).containsExactly(1, 2);
        assertThat(acks.size()).isZero();
    }
}
