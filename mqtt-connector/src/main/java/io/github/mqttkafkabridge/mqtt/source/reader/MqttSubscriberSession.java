package io.github.mqttkafkabridge.mqtt.source.reader;

import io.github.mqttkafkabridge.mqtt.common.MqttCallbackAdapter;
import io.github.mqttkafkabridge.mqtt.common.MqttErrors;
import io.github.mqttkafkabridge.mqtt.common.MqttRecord;
import io.github.mqttkafkabridge.mqtt.source.MqttSourceOptions;
import io.github.mqttkafkabridge.mqtt.source.split.MqttSubscriptionSplit;

import org.apache.flink.metrics.Counter;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttClientException;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One persistent MQTT session of the source: connects with Clean Start = false, subscribes at QoS 1 with manual
 * acknowledgements and feeds received messages into the reader's queue.
 *
 * <p>Connecting, subscribing and reconnecting happen on the reader's connector thread, never on the task thread
 * (which must keep draining the queue: a broker may send a whole queued backlog right after the CONNACK, before
 * the SUBACK, and Paho reads the SUBACK only after it has handed those messages over) and never on Paho's callback
 * thread (Paho can deadlock when a callback waits for the client). Each connection is a new Paho client, so a
 * message is always tagged with the connection that delivered it and its PUBACK never goes out on another one.
 * Reconnection uses exponential back-off; a connection that stays lost for longer than the reconnect timeout
 * fails the task.
 */
final class MqttSubscriberSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MqttSubscriberSession.class);
    private static final int SUBSCRIBE_QOS = 1;
    private static final long FIRST_RECONNECT_DELAY_MS = 1_000;
    private static final long MAX_RECONNECT_DELAY_MS = 30_000;

    private final MqttSourceOptions options;
    private final int sessionIndex;
    private final String clientId;
    private final List<String> subscriptionTopics;
    /**
     * The filters the broker may hold for this session: what the restored split recorded (or, from older state,
     * the other form, plain or shared, of this job's filters) and this job's own, until a connection has dropped
     * the ones this job does not want (see {@code open()}).
     */
    private volatile List<String> heldFilters;
    /** Whether {@link #heldFilters} came from the restored split rather than a guess. */
    private final boolean heldFiltersKnown;
    private final ReceivedQueue queue;
    private final ScheduledExecutorService connector;
    private final SessionCounters counters;
    private final ForwardedMessages forwarded;
    private final InflightWindow window;
    /** Messages the broker has delivered on the current connection and not yet had acknowledged. */
    private final AtomicInteger unacknowledged = new AtomicInteger();
    /** Whether the broker had this session before: from the restored split, or connected in this reader. */
    private volatile boolean established;
    private volatile Connection current;
    private volatile boolean connected;
    private volatile long disconnectedSinceMillis;
    private volatile Throwable lastConnectionError;
    private volatile RuntimeException failure;
    private volatile boolean closed;
    /** Connector thread only. */
    private long nextEpoch;
    private boolean everConnected;
    private long reconnectDelayMs = FIRST_RECONNECT_DELAY_MS;

    /** The reader's counters a session adds to. */
    record SessionCounters(Counter reconnects, Counter sessionsLost) {}

    MqttSubscriberSession(MqttSourceOptions options, MqttSubscriptionSplit split, boolean shared, ReceivedQueue queue,
                          ScheduledExecutorService connector, SessionCounters counters) {
        this.options = options;
        this.sessionIndex = split.sessionIndex();
        this.clientId = options.broker().clientIdPrefix() + "-" + sessionIndex;
        this.queue = queue;
        this.connector = connector;
        this.counters = counters;
        this.forwarded = new ForwardedMessages(split.forwardedIdentities());
        this.window = new InflightWindow(clientId, options.receiveMaximum());
        this.established = split.established();
        List<String> topics = new ArrayList<>();
        List<String> otherForms = new ArrayList<>();
        for (String filter : options.topicFilters()) {
            // Several sessions share the load through one shared-subscription group.
            String sharedFilter = "$share/" + options.sharedGroup() + "/" + filter;
            topics.add(shared ? sharedFilter : filter);
            otherForms.add(shared ? filter : sharedFilter);
        }
        this.subscriptionTopics = List.copyOf(topics);
        this.heldFiltersKnown = split.subscribedFilters().isPresent();
        Set<String> held = new LinkedHashSet<>(split.subscribedFilters().orElse(otherForms));
        held.addAll(subscriptionTopics);
        this.heldFilters = List.copyOf(held);
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
        return new MqttSubscriptionSplit(sessionIndex, forwarded.snapshot(), established, heldFilters);
    }

    /** Starts connecting on the connector thread and returns at once. */
    void start() {
        connector.execute(this::connect);
    }

    /** One connection attempt (connector thread): connect, check the session, subscribe. */
    private void connect() {
        if (closed) {
            return;
        }
        Connection connection;
        try {
            connection = new Connection(++nextEpoch);
        } catch (RuntimeException e) {
            fail(e);
            return;
        }
        // From here on PUBACKs of earlier connections are void: the broker redelivers those messages.
        current = connection;
        unacknowledged.set(0);
        try {
            boolean sessionPresent = connection.open();
            if (closed) {
                // The reader closed while this connection was being made: it must not outlive the reader.
                connection.disconnect();
                return;
            }
            reconnectDelayMs = FIRST_RECONNECT_DELAY_MS;
            disconnectedSinceMillis = 0;
            connected = true;
            if (everConnected) {
                counters.reconnects().inc();
                LOG.warn("MQTT source session {} reconnected to {} (session present: {}), subscription to {} renewed",
                        clientId, options.broker().serverUri(), sessionPresent, subscriptionTopics);
            } else {
                LOG.info("MQTT source session {} connected to {} (session present: {}), subscribed to {}",
                        clientId, options.broker().serverUri(), sessionPresent, subscriptionTopics);
            }
            everConnected = true;
        } catch (MqttException | RuntimeException e) {
            connection.close();
            connected = false;
            if (disconnectedSinceMillis == 0 && everConnected) {
                disconnectedSinceMillis = System.currentTimeMillis();
            }
            if (!everConnected) {
                // A first connection that fails is most likely a configuration error: say so right away.
                fail(new IllegalStateException("Could not connect MQTT source session " + clientId + " to "
                        + options.broker().serverUri() + ": " + MqttErrors.describe(e), e));
                return;
            }
            lastConnectionError = e;
            LOG.warn("MQTT source session {} could not reconnect to {} ({}); next attempt in {} ms", clientId,
                    options.broker().serverUri(), MqttErrors.describe(e), reconnectDelayMs);
            scheduleReconnect();
        }
    }

    private void scheduleReconnect() {
        if (closed || connector.isShutdown()) {
            return;
        }
        connector.schedule(this::connect, reconnectDelayMs, TimeUnit.MILLISECONDS);
        reconnectDelayMs = Math.min(MAX_RECONNECT_DELAY_MS, reconnectDelayMs * 2);
    }

    /** Reads the CONNACK: a session the bridge relied on that the broker no longer has means lost messages. */
    private void checkSession(boolean sessionPresent, MqttProperties connack) {
        Long granted = connack == null ? null : connack.getSessionExpiryInterval();
        long requested = options.broker().sessionExpiry().toSeconds();
        if (granted != null && granted < requested) {
            LOG.warn("MQTT source session {}: broker {} grants a session expiry of {} s instead of the {} s asked "
                    + "for (mqtt.session_expiry_interval); a bridge that is down longer loses its queued messages",
                    clientId, options.broker().serverUri(), granted, requested);
        }
        if (!sessionPresent && established) {
            counters.sessionsLost().inc();
            LOG.warn("MQTT source session {}: broker {} no longer has this session (CONNACK session present = 0), "
                    + "although the bridge was subscribed before. The messages the broker had queued for it and "
                    + "those not yet acknowledged are lost. Likely causes: the session expired (the bridge was "
                    + "away longer than mqtt.session_expiry_interval = {} s{}), the broker restarted without "
                    + "persistence (Mosquitto: persistence true; EMQX: durable sessions), or the broker dropped "
                    + "the session or its queue (queue limits such as max_queued_messages / mqtt.max_mqueue_len, "
                    + "an administrator, another client connecting with the same client id and Clean Start). "
                    + "Counted in the metric sessionsLost.", clientId, options.broker().serverUri(), requested,
                    granted == null ? "" : ", granted by the broker: " + granted + " s");
        }
        established = true;
    }

    /** Rethrows the first failure recorded off the task thread, or fails when the connection stayed lost too long. */
    void checkFailure() {
        if (failure != null) {
            throw failure;
        }
        long since = disconnectedSinceMillis;
        long timeout = options.broker().reconnectTimeout().toMillis();
        if (since != 0 && System.currentTimeMillis() - since > timeout) {
            throw new IllegalStateException("MQTT source session " + clientId + " lost its connection to "
                    + options.broker().serverUri() + " and could not reconnect within mqtt.reconnect_timeout ("
                    + options.broker().reconnectTimeout() + ")"
                    + (lastConnectionError == null ? "" : ": " + MqttErrors.describe(lastConnectionError)),
                    lastConnectionError);
        }
    }

    /** Records a failure for the task thread to throw; the first one is the cause, later ones follow from it. */
    private synchronized void fail(RuntimeException e) {
        if (failure == null) {
            failure = e;
        }
        queue.signal();
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
        Connection connection = current;
        if (connection == null || !belongsToConnection(message, connection.epoch)) {
            return false;
        }
        try {
            if (!connection.client.isConnected()) {
                return false;
            }
            connection.client.messageArrivedComplete(message.messageId(), SUBSCRIBE_QOS);
            unacknowledged.decrementAndGet();
            return true;
        } catch (MqttException | RuntimeException e) {
            // The connection went down meanwhile: the broker redelivers the message on the next one.
            LOG.warn("Could not acknowledge message {} on {}: {}", message.messageId(), clientId, e.toString());
            return false;
        }
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

    /** Called on a Paho thread: only records the loss and hands reconnection to the connector thread. */
    private void connectionLost(Connection connection, Throwable cause, String description) {
        // Exactly one of this callback and the connector's own failure handling takes a lost connection.
        if (closed || connection != current || !connection.alive.compareAndSet(true, false)) {
            return;
        }
        connected = false;
        disconnectedSinceMillis = System.currentTimeMillis();
        lastConnectionError = cause;
        LOG.warn("MQTT source session {} lost its connection ({}); reconnecting with back-off for up to {}",
                clientId, description, options.broker().reconnectTimeout());
        try {
            // Wake the task when the timeout has passed, so it fails instead of waiting for messages forever.
            connector.schedule(queue::signal, options.broker().reconnectTimeout().toMillis() + 100,
                    TimeUnit.MILLISECONDS);
            connector.execute(() -> {
                connection.close();
                scheduleReconnect();
            });
        } catch (RejectedExecutionException readerClosed) {
            connection.close();
        }
    }

    /** Whether the session is connected and subscribed (false until the first connection completes). */
    boolean isConnected() {
        return connected;
    }

    long connectionEpoch() {
        Connection connection = current;
        return connection == null ? 0 : connection.epoch;
    }

    @Override
    public void close() {
        closed = true;
        Connection connection = current;
        if (connection != null) {
            connection.disconnect();
        }
    }

    /** One network connection of the session: its own Paho client, so its messages carry its epoch. */
    private final class Connection extends MqttCallbackAdapter {
        final long epoch;
        final MqttAsyncClient client;
        /** Connected and subscribed, and its loss not yet handled. */
        final AtomicBoolean alive = new AtomicBoolean();

        Connection(long epoch) {
            this.epoch = epoch;
            try {
                this.client = new MqttAsyncClient(options.broker().serverUri(), clientId, new MemoryPersistence());
            } catch (MqttException e) {
                throw new IllegalStateException("Invalid MQTT client settings for " + clientId + ": " + e, e);
            }
            client.setManualAcks(true);
            client.setCallback(this);
        }

        /** Connects and subscribes, waiting on the connector thread; returns the CONNACK's session-present flag. */
        boolean open() throws MqttException {
            MqttConnectionOptions paho = options.broker().toPaho(false, true);
            // Reconnection is ours, so that nothing waits on Paho's callback thread.
            paho.setAutomaticReconnect(false);
            paho.setReceiveMaximum(options.receiveMaximum());
            long timeoutMs = Math.max(10_000L, paho.getConnectionTimeout() * 2000L);
            IMqttToken connect = client.connect(paho);
            connect.waitForCompletion(timeoutMs);
            boolean sessionPresent = connect.getSessionPresent();
            checkSession(sessionPresent, connect.getResponseProperties());
            if (sessionPresent) {
                unsubscribeStaleFilters();
            } else {
                heldFilters = subscriptionTopics;
            }
            IMqttToken subscribe = client.subscribe(subscriptions(), null, new SubAckCheck(), new MqttProperties());
            if (!sessionPresent) {
                // A new session has nothing queued ahead of its SUBACK. A resumed one keeps its subscriptions, and
                // its backlog may come first and take longer to drain than any timeout: its SUBACK is checked
                // when it arrives.
                subscribe.waitForCompletion(timeoutMs);
            }
            alive.set(true);
            // A loss just before alive was set went unhandled by the callback: report it here instead.
            if (!client.isConnected() && alive.compareAndSet(true, false)) {
                throw new MqttException(MqttClientException.REASON_CODE_CONNECTION_LOST);
            }
            return sessionPresent;
        }

        /**
         * A resumed session keeps the subscriptions of the job that ran before: the filter of a rule since
         * removed, or, after a change between one session and several (a redeploy at another parallelism), the
         * plain form of a filter now shared or the other way round, so that the broker would deliver every message
         * twice. Drops those; unsubscribing a filter the session does not have is harmless.
         */
        private void unsubscribeStaleFilters() throws MqttException {
            List<String> stale = new ArrayList<>(heldFilters);
            stale.removeAll(subscriptionTopics);
            if (stale.isEmpty()) {
                return;
            }
            client.unsubscribe(stale.toArray(new String[0]), null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    heldFilters = subscriptionTopics;
                    if (heldFiltersKnown) {
                        LOG.info("MQTT source session {} unsubscribed from {}: not among this job's topic filters {}",
                                clientId, stale, subscriptionTopics);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    // The connection dropped: the next one tries again.
                }
            }, new MqttProperties());
        }

        private MqttSubscription[] subscriptions() {
            MqttSubscription[] subs = new MqttSubscription[subscriptionTopics.size()];
            for (int i = 0; i < subs.length; i++) {
                subs[i] = new MqttSubscription(subscriptionTopics.get(i), SUBSCRIBE_QOS);
                // Re-subscribing must not replay retained messages the session has already seen.
                subs[i].setRetainHandling(1);
            }
            return subs;
        }

        /** Checks the SUBACK on Paho's callback thread: it only records a refusal, it never waits. */
        private final class SubAckCheck implements MqttActionListener {
            @Override
            public void onSuccess(IMqttToken token) {
                int[] reasonCodes = token.getReasonCodes();
                for (int i = 0; reasonCodes != null && i < reasonCodes.length && i < subscriptionTopics.size(); i++) {
                    if (reasonCodes[i] >= 0x80) {
                        fail(new IllegalStateException("MQTT broker " + options.broker().serverUri()
                                + " refused the subscription of session " + clientId + " to \""
                                + subscriptionTopics.get(i) + "\": reason code 0x"
                                + Integer.toHexString(reasonCodes[i]) + " (0x87: not authorized, 0x8f: invalid "
                                + "topic filter, 0x9e: shared subscriptions not supported, 0x97: quota exceeded)"));
                        return;
                    }
                }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable exception) {
                // A lost connection is handled as such; anything else is the broker refusing the SUBSCRIBE.
                if (client.isConnected()) {
                    fail(new IllegalStateException("MQTT broker " + options.broker().serverUri() + " did not accept "
                            + "the subscription of session " + clientId + " to " + subscriptionTopics + ": "
                            + MqttErrors.describe(exception), exception));
                }
            }
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) throws Exception {
            MqttRecord record = toRecord(topic, message, System.currentTimeMillis());
            int ackId = message.getQos() > 0 ? message.getId() : 0;
            if (ackId != 0 && this == current) {
                unacknowledged.incrementAndGet();
            }
            window.messageArrived();
            long identity = ackId == 0 ? 0 : options.duplicateDetection().identify(record, ackId);
            queue.put(new ReceivedMessage(record, MqttSubscriberSession.this, identity, epoch, ackId));
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            connectionLost(this, response.getException(), String.valueOf(response));
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("MQTT source session {} error: {}", clientId, exception.toString());
        }

        void disconnect() {
            try {
                if (client.isConnected()) {
                    client.disconnect().waitForCompletion(5_000);
                }
            } catch (MqttException e) {
                LOG.debug("Disconnect of {} failed", clientId, e);
            } finally {
                close();
            }
        }

        void close() {
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(0, 1_000, false);
                }
                client.close(true);
            } catch (MqttException | RuntimeException e) {
                LOG.debug("Close of {} failed", clientId, e);
            }
        }
    }
}
