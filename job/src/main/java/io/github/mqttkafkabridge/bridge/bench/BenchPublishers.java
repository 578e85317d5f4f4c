package io.github.mqttkafkabridge.bridge.bench;

import io.github.mqttkafkabridge.mqtt.common.MqttBrokerOptions;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The load: {@code publishers} MQTT clients publishing {@code count} messages between them, as fast as the
 * broker acknowledges them or at {@code rate} messages per second in total, each client with as many messages in
 * flight as the broker's Receive Maximum allows.
 */
final class BenchPublishers implements BenchLoad {
    private final MqttBrokerOptions broker;
    private final String topicPrefix;
    private final int publishers;
    private final int qos;
    private final int payloadBytes;
    private final double rate;
    final AtomicLong published = new AtomicLong();
    /** With a name, every message carries its sequence number in this user property (a publisher-set id). */
    private String idProperty;

    BenchPublishers(MqttBrokerOptions broker, String topicPrefix, int publishers, int qos, int payloadBytes, double rate) {
        this.broker = broker;
        this.topicPrefix = topicPrefix;
        this.publishers = publishers;
        this.qos = qos;
        this.payloadBytes = payloadBytes;
        this.rate = rate;
    }

    /** Stamps every message's sequence number into the user property {@code name}, as publishers with ids do. */
    BenchPublishers stampingIds(String name) {
        this.idProperty = name;
        return this;
    }

    @Override
    public long published() {
        return published.get();
    }

    /** Publishes {@code count} messages (sequence numbers from..from+count-1); returns when all are acknowledged. */
    @Override
    public void publish(long from, long count, String clientIdPrefix) throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Exception> errors = new ArrayList<>();
        for (int p = 0; p < publishers; p++) {
            int index = p;
            Thread t = new Thread(() -> {
                try {
                    run(index, from, count, clientIdPrefix + "-" + index);
                } catch (Exception e) {
                    synchronized (errors) {
                        errors.add(e);
                    }
                }
            }, "bench-publisher-" + p);
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
    }

    /** One message with sequence number {@code seq} (the warm-up). */
    void publishOne(long seq, String clientId) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(broker.serverUri(), clientId, new MemoryPersistence());
        client.connect(broker.toPaho(true, false)).waitForCompletion(30_000);
        MqttMessage m = new MqttMessage(BenchPayloads.make(seq, System.nanoTime(), payloadBytes));
        m.setQos(qos);
        client.publish(topicPrefix, m).waitForCompletion(30_000);
        client.disconnect().waitForCompletion(10_000);
        client.close();
    }

    private void run(int index, long from, long count, String clientId) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient(broker.serverUri(), clientId, new MemoryPersistence());
        IMqttToken connected = client.connect(broker.toPaho(true, false));
        connected.waitForCompletion(30_000);
        Integer window = connected.getResponseProperties() == null ? null
                : connected.getResponseProperties().getReceiveMaximum();
        int inflight = qos == 0 ? 1000 : Math.max(1, Math.min(window == null ? 10 : window, 1000));
        Semaphore permits = new Semaphore(inflight);
        String topic = topicPrefix + "/" + index;
        long start = System.nanoTime();
        long sent = 0;
        MqttActionListener release = new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                published.incrementAndGet();
                permits.release();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                permits.release();
            }
        };
        for (long seq = from + index; seq < from + count; seq += publishers) {
            if (rate > 0) {
                // Sleep, not spin: a spinning load generator would take the CPU the measured pipe needs.
                long wait = start + (long) (sent * 1e9 * publishers / rate) - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            permits.acquire();
            MqttMessage m = new MqttMessage(BenchPayloads.make(seq, System.nanoTime(), payloadBytes));
            m.setQos(qos);
            if (idProperty != null) {
                MqttProperties properties = new MqttProperties();
                properties.setUserProperties(List.of(new UserProperty(idProperty, Long.toString(seq))));
                m.setProperties(properties);
            }
            while (true) {
                try {
                    client.publish(topic, m, null, release);
                    break;
                } catch (MqttException e) {
                    // Paho frees an in-flight slot a moment after the acknowledgement: try again.
                    if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                        throw e;
                    }
                    Thread.onSpinWait();
                }
            }
            sent++;
        }
        permits.acquire(inflight);
        client.disconnect().waitForCompletion(10_000);
        client.close();
    }
}
