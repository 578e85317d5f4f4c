package io.github.mqttkafkabridge.mqtt.sink;

import io.github.mqttkafkabridge.mqtt.common.MqttBrokerOptions;

import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Publishes asynchronously with a bounded number of unacknowledged messages; {@link #flush} blocks until all
 * of them are acknowledged, which is what makes the sink at-least-once across checkpoints.
 */
final class MqttSinkWriter<T> implements SinkWriter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSinkWriter.class);

    private final String clientId;
    private final int maxInflight;
    private final MqttSerializationSchema<T> serializer;
    private final MqttAsyncClient client;
    private final Semaphore inflight;
    private final Counter published;
    private final Counter failed;
    private volatile Throwable failure;

    MqttSinkWriter(MqttBrokerOptions broker, String clientId, int maxInflight, MqttSerializationSchema<T> serializer,
                   SinkWriterMetricGroup metrics) throws IOException {
        this.clientId = clientId;
        this.maxInflight = maxInflight;
        this.serializer = serializer;
        this.inflight = new Semaphore(maxInflight);
        this.published = metrics.counter("published");
        this.failed = metrics.counter("failed");
        metrics.gauge("inflight", () -> maxInflight - inflight.availablePermits());
        try {
            client = new MqttAsyncClient(broker.serverUri(), clientId, new MemoryPersistence());
            client.connect(broker.toPaho(true, false)).waitForCompletion(30_000);
        } catch (MqttException e) {
            throw new IOException("Could not connect MQTT sink " + clientId + " to " + broker.serverUri()
                    + ": " + e.getMessage(), e);
        }
        LOG.info("MQTT sink {} connected to {}", clientId, broker.serverUri());
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        checkFailure();
        MqttOutboundMessage out = serializer.serialize(element);
        MqttMessage message = new MqttMessage(out.payload());
        message.setQos(out.qos());
        message.setRetained(out.retain());
        if (!out.userProperties().isEmpty()) {
            MqttProperties props = new MqttProperties();
            List<UserProperty> ups = new ArrayList<>();
            for (Map.Entry<String, String> e : out.userProperties()) {
                ups.add(new UserProperty(e.getKey(), e.getValue()));
            }
            props.setUserProperties(ups);
            message.setProperties(props);
        }
        // Paho throws instead of waiting when its in-flight window is full; wait here instead (back-pressure).
        inflight.acquire();
        try {
            client.publish(out.topic(), message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    published.inc();
                    inflight.release();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    failed.inc();
                    failure = new IOException("MQTT sink " + clientId + " could not publish to topic '"
                            + out.topic() + "'", exception);
                    inflight.release();
                }
            });
        } catch (MqttException e) {
            inflight.release();
            failed.inc();
            throw new IOException("MQTT sink " + clientId + " could not publish to topic '" + out.topic() + "': "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        // Taking every permit means nothing is in flight any more.
        while (!inflight.tryAcquire(maxInflight, 1, TimeUnit.SECONDS)) {
            checkFailure();
        }
        inflight.release(maxInflight);
        checkFailure();
    }

    private void checkFailure() throws IOException {
        if (failure != null) {
            throw new IOException(failure.getMessage(), failure);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
        } finally {
            client.close(true);
        }
    }
}
