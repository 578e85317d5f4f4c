package io.github.mqttkafkabridge.mqtt.testutil;

import io.github.mqttkafkabridge.mqtt.common.MqttCallbackAdapter;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.client.MqttClientException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A plain MQTT 5 client for tests: publishes like a device and records what a subscriber receives. */
public final class MqttTestClient extends MqttCallbackAdapter implements AutoCloseable {
    private final MqttAsyncClient client;
    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final List<Received> seen = new ArrayList<>();

    /** One received message; {@code properties} holds its MQTT 5 properties (user properties, content type...). */
    public record Received(String topic, String payload, int qos, boolean retained, MqttProperties properties) {
        /** The user properties as "key=value" strings, in order. */
        public List<String> userProperties() {
            List<String> out = new ArrayList<>();
            if (properties != null && properties.getUserProperties() != null) {
                for (UserProperty p : properties.getUserProperties()) {
                    out.add(p.getKey() + "=" + p.getValue());
                }
            }
            return out;
        }
    }

    public MqttTestClient(String serverUri, String clientId) throws MqttException {
        client = new MqttAsyncClient(serverUri, clientId, new MemoryPersistence());
        client.setCallback(this);
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        client.connect(o).waitForCompletion(10_000);
    }

    public void subscribe(String filter, int qos) throws MqttException {
        client.subscribe(new MqttSubscription[] {new MqttSubscription(filter, qos)}).waitForCompletion(10_000);
    }

    public void publish(String topic, String payload, int qos, String... userProperties) throws MqttException {
        MqttMessage m = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
        m.setQos(qos);
        if (userProperties.length > 0) {
            MqttProperties props = new MqttProperties();
            List<UserProperty> ups = new ArrayList<>();
            for (int i = 0; i + 1 < userProperties.length; i += 2) {
                ups.add(new UserProperty(userProperties[i], userProperties[i + 1]));
            }
            props.setUserProperties(ups);
            m.setProperties(props);
        }
        while (true) {
            try {
                client.publish(topic, m).waitForCompletion(10_000);
                return;
            } catch (MqttException e) {
                // Paho frees its in-flight slot a moment after the PUBACK it waited for: try again.
                if (e.getReasonCode() != MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }

    /** Waits for a message matching {@code condition}, keeping every message seen. */
    public Received await(Predicate<Received> condition, Duration timeout) throws InterruptedException {
        for (Received r : seen) {
            if (condition.test(r)) {
                return r;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Received r = received.poll(100, TimeUnit.MILLISECONDS);
            if (r != null) {
                seen.add(r);
                if (condition.test(r)) {
                    return r;
                }
            }
        }
        throw new AssertionError("no matching MQTT message within " + timeout + "; saw " + seen);
    }

    /** Every message received so far. */
    public List<Received> all() {
        received.drainTo(seen);
        return List.copyOf(seen);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        received.add(new Received(topic, new String(message.getPayload(), StandardCharsets.UTF_8), message.getQos(),
                message.isRetained(), message.getProperties()));
    }

    @Override
    public void close() throws MqttException {
        client.disconnect().waitForCompletion(5_000);
        client.close();
    }
}
