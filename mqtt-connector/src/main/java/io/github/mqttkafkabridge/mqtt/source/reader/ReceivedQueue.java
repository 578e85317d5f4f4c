package io.github.mqttkafkabridge.mqtt.source.reader;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hand-off from Paho's callback threads to the task thread, with the availability future FLIP-27 readers need.
 * A full queue blocks the callback thread, which back-pressures the TCP connection; nothing the task thread does
 * waits for a callback thread, so the queue always drains. Once closed, messages are discarded unacknowledged
 * (the broker redelivers them) so that a blocked callback thread can finish.
 */
final class ReceivedQueue {
    private final LinkedBlockingQueue<ReceivedMessage> queue;
    private final Object lock = new Object();
    private CompletableFuture<Void> available = new CompletableFuture<>();
    private volatile boolean closed;

    ReceivedQueue(int capacity) {
        this.queue = new LinkedBlockingQueue<>(capacity);
    }

    void put(ReceivedMessage message) throws InterruptedException {
        while (!closed) {
            if (queue.offer(message, 100, TimeUnit.MILLISECONDS)) {
                signal();
                return;
            }
        }
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

    void close() {
        closed = true;
        queue.clear();
    }
}
