package io.github.mqttkafkabridge.mqtt.sink;

import io.github.mqttkafkabridge.mqtt.common.MqttBrokerOptions;
import io.github.mqttkafkabridge.mqtt.common.MqttCallbackAdapter;
import io.github.mqttkafkabridge.mqtt.common.MqttErrors;
import io.github.mqttkafkabridge.mqtt.common.RateLimitedWarning;

import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.groups.SinkWriterMetricGroup;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
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
 * Publishes asynchronously with at most as many unacknowledged messages as the broker's Receive Maximum allows
 * (waiting instead of failing when the window is full); {@link #flush} blocks until every one is acknowledged,
 * which is what makes the sink at-least-once across checkpoints. The session is persistent, so Paho resends
 * unacknowledged messages after it reconnects (with back-off); a connection that stays lost for longer than the
 * reconnect timeout fails the task.
 */
final class MqttSinkWriter<T> extends MqttCallbackAdapter implements SinkWriter<T> {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSinkWriter.class);

    private final MqttBrokerOptions broker;
    private final String clientId;
    private final int maxInflight;
    private final MqttSerializationSchema<T> serializer;
    private final MqttAsyncClient client;
    private final Semaphore inflight;
    private final Counter matched;
    private final Counter success;
    private final Counter failed;
    private final RateLimitedWarning warning = new RateLimitedWarning(LOG);
    private volatile Throwable failure;

    MqttSinkWriter(MqttBrokerOptions broker, String clientId, int configuredMaxInflight,
                   MqttSerializationSchema<T> serializer, SinkWriterMetricGroup metrics) throws IOException {
        this.broker = broker;
        this.clientId = clientId;
        this.serializer = serializer;
        this.matched = metrics.counter("matched");
        this.success = metrics.counter("success");
        this.failed = metrics.counter("failed");
        try {
            client = new MqttAsyncClient(broker.serverUri(), clientId, new MemoryPersistence());
            client.setCallback(this);
            IMqttToken connected = client.connect(broker.toPaho(false, true));
            connected.waitForCompletion(30_000);
            Integer brokerWindow = connected.getResponseProperties() == null ? null
                    : connected.getResponseProperties().getReceiveMaximum();
            // Paho throws when more messages are in flight than the broker accepts: never let it get there.
            this.maxInflight = brokerWindow == null ? configuredMaxInflight : Math.min(configuredMaxInflight, brokerWindow);
        } catch (MqttException e) {
            throw new IOException("Could not connect MQTT sink " + clientId + " to " + broker.serverUri()
                    + ": " + MqttErrors.describe(e), e);
        }
        this.inflight = new Semaphore(maxInflight);
        metrics.gauge("inflight", () -> maxInflight - inflight.availablePermits());
        LOG.info("MQTT sink {} connected to {} (at most {} messages in flight)", clientId, broker.serverUri(), maxInflight);
    }

    @Override
    public void write(T element, Context context) throws IOException, InterruptedException {
        checkFailure();
        matched.inc();
        MqttOutboundMessage out = serializer.serialize(element);
        String invalid = MqttTopicNames.whyNotPublishable(out.topic());
        if (invalid != null) {
            // No broker would take it and a retry cannot help: count it, say why, and go on with the next one.
            failed.inc();
            warning.warn("MQTT sink " + clientId, invalid);
            return;
        }
        MqttMessage message = toPaho(out);
        inflight.acquire();
        awaitConnection(out.topic());
        try {
            client.publish(out.topic(), message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    success.inc();
                    inflight.release();
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    failed.inc();
                    if (MqttErrors.isRejectedPublish(exception)) {
                        // The broker refused this message (not authorized, quota...): resending it would not help.
                        warning.warn("MQTT sink " + clientId, "the broker rejected a message for topic '" + out.topic()
                                + "': " + MqttErrors.describe(exception));
                    } else {
                        failure = new IOException("MQTT sink " + clientId + " could not publish to topic '"
                                + out.topic() + "': " + exception.getMessage(), exception);
                    }
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

    private static MqttMessage toPaho(MqttOutboundMessage out) {
        MqttMessage message = new MqttMessage(out.payload());
        message.setQos(out.qos());
        message.setRetained(out.retain());
        MqttProperties props = new MqttProperties();
        if (!out.userProperties().isEmpty()) {
            List<UserProperty> ups = new ArrayList<>();
            for (Map.Entry<String, String> e : out.userProperties()) {
                ups.add(new UserProperty(e.getKey(), e.getValue()));
            }
            props.setUserProperties(ups);
        }
        if (out.contentType() != null) {
            props.setContentType(out.contentType());
        }
        if (out.payloadFormatUtf8() != null) {
            props.setPayloadFormat(out.payloadFormatUtf8());
        }
        if (out.messageExpiryInterval() != null) {
            props.setMessageExpiryInterval(out.messageExpiryInterval());
        }
        if (out.responseTopic() != null) {
            props.setResponseTopic(out.responseTopic());
        }
        if (out.correlationData() != null) {
            props.setCorrelationData(out.correlationData());
        }
        message.setProperties(props);
        return message;
    }

    /** Waits (Paho reconnects with back-off) until the client is connected, up to the reconnect timeout. */
    private void awaitConnection(String topic) throws IOException, InterruptedException {
        if (client.isConnected()) {
            return;
        }
        long deadline = System.currentTimeMillis() + broker.reconnectTimeout().toMillis();
        while (!client.isConnected()) {
            if (System.currentTimeMillis() > deadline) {
                inflight.release();
                throw new IOException("MQTT sink " + clientId + " lost its connection to " + broker.serverUri()
                        + " and could not reconnect within mqtt.reconnect_timeout (" + broker.reconnectTimeout()
                        + "); publishing to topic '" + topic + "' failed");
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        // Taking every permit means nothing is in flight any more.
        long deadline = System.currentTimeMillis() + broker.reconnectTimeout().toMillis();
        while (!inflight.tryAcquire(maxInflight, 1, TimeUnit.SECONDS)) {
            checkFailure();
            if (System.currentTimeMillis() > deadline && !client.isConnected()) {
                throw new IOException("MQTT sink " + clientId + " waited for " + (maxInflight - inflight.availablePermits())
                        + " acknowledgements, but the connection to " + broker.serverUri() + " is lost");
            }
        }
        inflight.release(maxInflight);
        checkFailure();
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        LOG.warn("MQTT sink {} lost its connection ({}); reconnecting with back-off for up to {}", clientId, response,
                broker.reconnectTimeout());
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        if (reconnect) {
            LOG.warn("MQTT sink {} reconnected to {}", clientId, serverURI);
        }
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
