package io.github.mqttkafkabridge.mqtt.source.reader;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InflightWindowTest {

    @Test
    void theOwnReceiveMaximumReachedIsAFullWindow() {
        InflightWindow window = new InflightWindow("c-0", 100);
        assertThat(window.checkAtCheckpoint(100, true)).isTrue();
        assertThat(window.checkAtCheckpoint(99, true)).isFalse();
    }

    @Test
    void theSameCountAtSeveralCheckpointsWithAnIdleBrokerIsAFullWindow() throws InterruptedException {
        InflightWindow window = new InflightWindow("c-0", 1024);
        window.messageArrived();
        assertThat(window.checkAtCheckpoint(32, true)).isFalse();
        Thread.sleep(20);
        assertThat(window.checkAtCheckpoint(32, true)).isFalse();
        Thread.sleep(20);
        assertThat(window.checkAtCheckpoint(32, true)).as("broker cap of 32, nothing arriving").isTrue();
    }

    @Test
    void aBacklogBeyondTheReceiveMaximumIsNotAFullWindow() {
        // Mosquitto resends a resumed session's whole backlog at once, ignoring the Receive Maximum.
        InflightWindow window = new InflightWindow("c-0", 1024);
        assertThat(window.checkAtCheckpoint(10_002, true)).isFalse();
        assertThat(window.checkAtCheckpoint(10_002, true)).isFalse();
        assertThat(window.checkAtCheckpoint(1024, true)).isTrue();
    }

    @Test
    void aSteadyTrickleIsNotAFullWindow() throws InterruptedException {
        InflightWindow window = new InflightWindow("c-0", 1024);
        for (int i = 0; i < 5; i++) {
            Thread.sleep(20);
            window.messageArrived();
            assertThat(window.checkAtCheckpoint(10, true)).isFalse();
        }
    }
}
