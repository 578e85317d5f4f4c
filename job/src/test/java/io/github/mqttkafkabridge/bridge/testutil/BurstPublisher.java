package io.github.mqttkafkabridge.bridge.testutil;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes {@code msg-0 .. msg-(count-1)} at QoS 1 on a background thread, with as many messages in flight as the
 * broker allows (at most 1,000) and at most {@code ratePerSecond}; every message must be acknowledged by the
 * broker, so what the test then misses downstream was lost by the bridge, not by the publisher.
 */
public final class BurstPublisher implements AutoCloseable {
    private final MqttAsyncClient client;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private final Thread thread;

    public BurstPublisher(String serverUri, String clientId, String topicPrefix, int count, double ratePerSecond)
            throws MqttException {
        client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        IMqttToken connected = client.connect(o);
        connected.waitForCompletion(10_000);
        Integer brokerWindow = connected.getResponseProperties() == null ? null
                : connected.getResponseProperties().getReceiveMaximum();
        int window = Math.min(brokerWindow == null ? 10 : brokerWindow, 1_000);
        thread = new Thread(() -> run(topicPrefix, count, ratePerSecond, window), "burst-publisher");
        thread.start();
    }

    private void run(String topicPrefix, int count, double rate, int window) {
        Semaphore permits = new Semaphore(window);
        MqttActionListener done = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                acknowledged.incrementAndGet();
                permits.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                error.compareAndSet(null, exception);
                permits.release();
            }
        };
        long start = System.nanoTime();
        try {
            for (int i = 0; i < count && error.get() == null; i++) {
                long wait = start + (long) (i * 1e9 / rate) - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                permits.acquire();
                MqttMessage m = new MqttMessage(("msg-" + i).getBytes(StandardCharsets.UTF_8));
                m.setQos(1);
                while (true) {
                    try {
                        client.publish(topicPrefix + "/" + (i % 16), m, null, done);
                        break;
                    } catch (MqttException e) {
                        // Paho frees an in-flight slot a moment after the acknowledgement: try again.
                        if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                            throw e;
                        }
                        Thread.onSpinWait();
                    }
                }
            }
            permits.acquire(window);
        } catch (Exception e) {
            error.compareAndSet(null, e);
        }
    }

    /** Messages the broker has acknowledged so far. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Waits until every message was published and acknowledged; fails on the first publish error. */
    public void await(long timeoutSeconds) throws Exception {
        thread.join(TimeUnit.SECONDS.toMillis(timeoutSeconds));
        if (error.get() != null) {
            throw new AssertionError("publishing failed after " + acknowledged() + " messages", error.get());
        }
        if (thread.isAlive()) {
            throw new AssertionError("publishing did not finish within " + timeoutSeconds + " s; "
                    + acknowledged() + " acknowledged");
        }
    }

    @Override
    public void close() throws Exception {
        thread.interrupt();
        thread.join(10_000);
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5_000);
        }
        client.close();
    }
}
