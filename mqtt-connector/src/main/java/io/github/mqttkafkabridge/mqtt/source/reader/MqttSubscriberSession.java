package io.github.mqttkafkabridge.mqtt.source.reader;

import io.github.mqttkafkabridge.mqtt.common.MqttCallbackAdapter;
import io.github.mqttkafkabridge.mqtt.common.MqttRecord;
import io.github.mqttkafkabridge.mqtt.source.MqttSourceOptions;
import io.github.mqttkafkabridge.mqtt.source.split.MqttSubscriptionSplit;

import org.apache.flink.metrics.Counter;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One persistent MQTT session of the source: connects with Clean Start = false, subscribes at QoS 1 with manual
 * acknowledgements and feeds received messages into the reader's queue. Paho reconnects with exponential
 * back-off; a connection that stays lost for longer than the reconnect timeout fails the task.
 */
final class MqttSubscriberSession extends MqttCallbackAdapter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSubscriberSession.class);
    private static final int SUBSCRIBE_QOS = 1;

    private final MqttSourceOptions options;
    private final int sessionIndex;
    private final String clientId;
    private final List<String> subscriptionTopics;
    private final ReceivedQueue queue;
    private final ScheduledExecutorService timer;
    private final Counter reconnects;
    private final ForwardedMessages forwarded;
    private final InflightWindow window;
    private final AtomicLong connectionEpoch = new AtomicLong();
    /** Messages the broker has delivered on the current connection and not yet had acknowledged. */
    private final AtomicInteger unacknowledged = new AtomicInteger();
    private volatile long disconnectedSinceMillis;
    private volatile Throwable lastConnectionError;
    private volatile Throwable failure;
    private MqttAsyncClient client;

    MqttSubscriberSession(MqttSourceOptions options, MqttSubscriptionSplit split, boolean shared, ReceivedQueue queue,
                          ScheduledExecutorService timer, Counter reconnects) {
        this.options = options;
        this.sessionIndex = split.sessionIndex();
        this.clientId = options.broker().clientIdPrefix() + "-" + sessionIndex;
        this.queue = queue;
        this.timer = timer;
        this.reconnects = reconnects;
        this.forwarded = new ForwardedMessages(split.forwardedIdentities());
        this.window = new InflightWindow(clientId, options.receiveMaximum());
        List<String> topics = new ArrayList<>();
        for (String filter : options.topicFilters()) {
            // Several sessions share the load through one shared-subscription group.
            topics.add(shared ? "$share/" + options.sharedGroup() + "/" + filter : filter);
        }
        this.subscriptionTopics = topics;
    }

    String clientId() {
        return clientId;
    }

    ForwardedMessages forwarded() {
        return forwarded;
    }

    InflightWindow window() {
        return window;
    }

    int unacknowledged() {
        return unacknowledged.get();
    }

    /** This session's split with what the next checkpoint must remember. */
    MqttSubscriptionSplit snapshotSplit() {
        return new MqttSubscriptionSplit(sessionIndex, forwarded.snapshot());
    }

    void open() throws MqttException {
        client = new MqttAsyncClient(options.broker().serverUri(), clientId, new MemoryPersistence());
        client.setManualAcks(true);
        client.setCallback(this);
        MqttConnectionOptions paho = options.broker().toPaho(false, true);
        paho.setReceiveMaximum(options.receiveMaximum());
        long timeoutMs = Math.max(10_000L, paho.getConnectionTimeout() * 2000L);
        client.connect(paho).waitForCompletion(timeoutMs);
        subscribe().waitForCompletion(timeoutMs);
        LOG.info("MQTT source session {} connected to {} and subscribed to {}", clientId,
                options.broker().serverUri(), subscriptionTopics);
    }

    private IMqttToken subscribe() throws MqttException {
        MqttSubscription[] subs = new MqttSubscription[subscriptionTopics.size()];
        for (int i = 0; i < subs.length; i++) {
            subs[i] = new MqttSubscription(subscriptionTopics.get(i), SUBSCRIBE_QOS);
            // Re-subscribing must not replay retained messages the session has already seen.
            subs[i].setRetainHandling(1);
        }
        return client.subscribe(subs);
    }

    /** Rethrows the first failure a callback recorded, or fails when the connection stayed lost too long. */
    void checkFailure() {
        if (failure != null) {
            throw new IllegalStateException("MQTT source session " + clientId + " failed: " + failure.getMessage(),
                    failure);
        }
        long since = disconnectedSinceMillis;
        long timeout = options.broker().reconnectTimeout().toMillis();
        if (since != 0 && System.currentTimeMillis() - since > timeout) {
            throw new IllegalStateException("MQTT source session " + clientId + " lost its connection to "
                    + options.broker().serverUri() + " and could not reconnect within mqtt.reconnect_timeout ("
                    + options.broker().reconnectTimeout() + ")"
                    + (lastConnectionError == null ? "" : ": " + lastConnectionError.getMessage()), lastConnectionError);
        }
    }

    /**
     * Whether a message can be acknowledged on connection {@code epoch}: a packet id is only meaningful on the
     * connection that delivered it (the broker redelivers the others), and QoS 0 messages have none.
     */
    static boolean belongsToConnection(ReceivedMessage message, long epoch) {
        return message.messageId() != 0 && message.connectionEpoch() == epoch;
    }

    /** Sends the PUBACK; false when there is nothing to acknowledge on the current connection. */
    boolean acknowledge(ReceivedMessage message) {
        if (!belongsToConnection(message, connectionEpoch.get())) {
            return false;
        }
        try {
            client.messageArrivedComplete(message.messageId(), SUBSCRIBE_QOS);
            unacknowledged.decrementAndGet();
            return true;
        } catch (MqttException e) {
            LOG.warn("Could not acknowledge message {} on {}: {}", message.messageId(), clientId, e.toString());
            return false;
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) throws Exception {
        MqttRecord record = toRecord(topic, message, System.currentTimeMillis());
        int ackId = message.getQos() > 0 ? message.getId() : 0;
        if (ackId != 0) {
            unacknowledged.incrementAndGet();
        }
        window.messageArrived();
        long identity = ackId == 0 ? 0 : options.duplicateDetection().identify(record, ackId);
        queue.put(new ReceivedMessage(record, this, identity, connectionEpoch.get(), ackId));
    }

    static MqttRecord toRecord(String topic, MqttMessage message, long receivedAt) {
        MqttProperties p = message.getProperties();
        List<Map.Entry<String, String>> userProps = new ArrayList<>();
        String contentType = null;
        Boolean utf8 = null;
        Long expiry = null;
        String responseTopic = null;
        byte[] correlation = null;
        if (p != null) {
            if (p.getUserProperties() != null) {
                for (UserProperty up : p.getUserProperties()) {
                    userProps.add(new AbstractMap.SimpleImmutableEntry<>(up.getKey(), up.getValue()));
                }
            }
            contentType = p.getContentType();
            utf8 = p.getPayloadFormat() ? Boolean.TRUE : null;
            expiry = p.getMessageExpiryInterval();
            responseTopic = p.getResponseTopic();
            correlation = p.getCorrelationData();
        }
        return new MqttRecord(topic, message.getPayload(), message.getQos(), message.isRetained(),
                message.isDuplicate(), userProps, contentType, utf8, expiry, responseTopic, correlation, receivedAt);
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        if (!reconnect) {
            return;
        }
        // Acknowledgements of the old connection are void; the broker redelivers those messages (DUP = 1).
        connectionEpoch.incrementAndGet();
        unacknowledged.set(0);
        disconnectedSinceMillis = 0;
        reconnects.inc();
        LOG.warn("MQTT source session {} reconnected to {}; re-subscribing", clientId, serverURI);
        try {
            subscribe();
        } catch (MqttException e) {
            failure = e;
            queue.signal();
        }
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        connectionLost(response.getException(), String.valueOf(response));
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        LOG.warn("MQTT source session {} error: {}", clientId, exception.toString());
    }

    private void connectionLost(Throwable cause, String description) {
        if (disconnectedSinceMillis == 0) {
            disconnectedSinceMillis = System.currentTimeMillis();
        }
        lastConnectionError = cause;
        LOG.warn("MQTT source session {} lost its connection ({}); reconnecting with back-off for up to {}",
                clientId, description, options.broker().reconnectTimeout());
        // Wake the task when the timeout has passed, so it fails instead of waiting for messages forever.
        timer.schedule(queue::signal, options.broker().reconnectTimeout().toMillis() + 100, TimeUnit.MILLISECONDS);
    }

    boolean isConnected() {
        return disconnectedSinceMillis == 0;
    }

    long connectionEpoch() {
        return connectionEpoch.get();
    }

    @Override
    public void close() {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
        } catch (MqttException e) {
            LOG.debug("Disconnect of {} failed", clientId, e);
        } finally {
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.debug("Close of {} failed", clientId, e);
            }
        }
    }
}
