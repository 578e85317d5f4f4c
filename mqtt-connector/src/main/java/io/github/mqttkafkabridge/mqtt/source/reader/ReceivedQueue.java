package io.github.mqttkafkabridge.mqtt.source.reader;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Hand-off from Paho's callback thread to the task thread, with the availability future FLIP-27 readers need.
 * A full queue blocks the callback thread, which back-pressures the TCP connection.
 */
final class ReceivedQueue {
    private final LinkedBlockingQueue<ReceivedMessage> queue;
    private final Object lock = new Object();
    private CompletableFuture<Void> available = new CompletableFuture<>();

    ReceivedQueue(int capacity) {
        this.queue = new LinkedBlockingQueue<>(capacity);
    }

    void put(ReceivedMessage message) throws InterruptedException {
        queue.put(message);
        signal();
    }

    /** Wakes the task thread, e.g. to rethrow a failure recorded by a callback. */
    void signal() {
        synchronized (lock) {
            available.complete(null);
        }
    }

    ReceivedMessage poll() {
        return queue.poll();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    CompletableFuture<Void> availability() {
        synchronized (lock) {
            if (!queue.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            if (available.isDone()) {
                available = new CompletableFuture<>();
            }
            return available;
        }
    }
}
