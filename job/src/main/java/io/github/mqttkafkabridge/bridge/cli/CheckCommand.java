package io.github.mqttkafkabridge.bridge.cli;

import io.github.mqttkafkabridge.bridge.config.BridgeConfig;
import io.github.mqttkafkabridge.bridge.config.BridgeConfigLoader;
import io.github.mqttkafkabridge.bridge.config.KafkaConnection;
import io.github.mqttkafkabridge.bridge.config.KafkaProducerAction;
import io.github.mqttkafkabridge.bridge.config.KafkaSourceSettings;
import io.github.mqttkafkabridge.mqtt.common.MqttBrokerOptions;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * {@code check --conf FILE}: EMQX's "test connection" for the whole bridge. Connects to every Kafka connector
 * (with its authentication and TLS) and to the MQTT broker, checks the fixed topics of actions and sources, and
 * prints one line per item: OK, or the reason it failed. Exit code 0 only if everything is OK.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Connect to every Kafka connector and the MQTT broker in --conf and report OK or why not.")
final class CheckCommand implements java.util.concurrent.Callable<Integer> {
    @Option(names = "--conf", required = true, description = "Bridge configuration (HOCON), e.g. conf/bridge.conf")
    Path conf;

    @Spec
    CommandSpec spec;

    private PrintWriter out;
    private boolean allOk = true;

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        BridgeConfig config = BridgeConfigLoader.load(conf);
        out.println("configuration " + conf + ": OK");
        for (Map.Entry<String, KafkaConnection> e : config.kafkaConnectors().entrySet()) {
            checkKafka("connectors." + e.getKey(), e.getValue(), config);
        }
        checkMqtt(config.mqtt());
        out.println(allOk ? "all checks passed" : "some checks FAILED");
        out.flush();
        return allOk ? 0 : 1;
    }

    private void checkKafka(String label, KafkaConnection connection, BridgeConfig config) {
        String head = label + " (" + connection.bootstrapHosts() + ", " + connection.mechanism() + ", "
                + connection.clientProperties().get("security.protocol") + ")";
        var props = connection.toClientProperties();
        props.setProperty("client.id", "bridge-check");
        // Wait for connect + metadata, not for the Admin client's default minute of retries.
        long timeout = Math.max(10_000, connection.metadataRequestTimeout().toMillis()
                + Long.parseLong(connection.clientProperties().get("socket.connection.setup.timeout.ms")));
        try (Admin admin = Admin.create(props)) {
            int brokers = admin.describeCluster().nodes().get(timeout, TimeUnit.MILLISECONDS).size();
            report(head, null, brokers + " broker(s)");
            for (String topic : topicsUsing(connection, config)) {
                checkTopic(admin, topic, timeout);
            }
        } catch (Exception e) {
            String untrusted = connection.untrustedCertificate(e);
            report(head, untrusted != null ? untrusted : reason(e), null);
        }
    }

    /** The fixed topics of the actions (and their dead-letter topics) and sources on this connector. */
    private static List<String> topicsUsing(KafkaConnection connection, BridgeConfig config) {
        List<String> topics = new ArrayList<>();
        for (KafkaProducerAction a : config.kafkaActions().values()) {
            if (a.connection() == connection) {
                if (a.topic().isLiteral()) {
                    topics.add(a.topic().source());
                }
                if (a.hasDeadLetterTopic()) {
                    topics.add(a.deadLetterTopic());
                }
            }
        }
        for (KafkaSourceSettings s : config.kafkaSources().values()) {
            if (s.connection() == connection) {
                topics.addAll(s.topics());
            }
        }
        return topics;
    }

    private void checkTopic(Admin admin, String topic, long timeout) {
        String head = "  topic " + topic;
        try {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(timeout, TimeUnit.MILLISECONDS)
                    .get(topic).partitions().size();
            report(head, null, partitions + " partition(s)");
        } catch (Exception e) {
            report(head, e instanceof ExecutionException && e.getCause() instanceof UnknownTopicOrPartitionException
                    ? "does not exist" : reason(e), null);
        }
    }

    /**
     * Connects as the source sessions would (with their session expiry, under a client id of its own, so the
     * bridge's sessions are not disturbed) and reports what the broker's CONNACK says about sessions; the check's
     * own session is discarded on disconnect.
     */
    private void checkMqtt(MqttBrokerOptions mqtt) {
        String head = "mqtt (" + mqtt.serverUri() + ")";
        try {
            MqttAsyncClient client = new MqttAsyncClient(mqtt.serverUri(), mqtt.clientIdPrefix() + "-check",
                    new MemoryPersistence());
            var options = mqtt.toPaho(true, true);
            options.setAutomaticReconnect(false);
            IMqttToken connected = client.connect(options);
            connected.waitForCompletion(Math.max(10_000L, options.getConnectionTimeout() * 2000L));
            MqttProperties discard = new MqttProperties();
            discard.setSessionExpiryInterval(0L);
            client.disconnect(5_000, null, null, 0, discard).waitForCompletion(10_000);
            client.close();
            report(head, null, "connected; " + describeSessionSettings(mqtt, connected.getResponseProperties()));
        } catch (Exception e) {
            report(head, reason(e), null);
        }
    }

    /** What the CONNACK tells about how long and how the broker keeps the source's sessions. */
    static String describeSessionSettings(MqttBrokerOptions mqtt, MqttProperties connack) {
        long asked = mqtt.sessionExpiry().toSeconds();
        Long granted = connack == null ? null : connack.getSessionExpiryInterval();
        StringBuilder s = new StringBuilder("session expiry ");
        if (granted == null || granted == asked) {
            s.append(asked).append(" s granted as asked (mqtt.session_expiry_interval)");
        } else {
            s.append("WARNING: the broker grants ").append(granted).append(" s of the ").append(asked)
                    .append(" s asked (mqtt.session_expiry_interval): a bridge down longer loses queued messages");
        }
        if (connack != null && connack.getMaximumQoS() != null && connack.getMaximumQoS() < 1) {
            s.append("; WARNING: maximum QoS ").append(connack.getMaximumQoS())
                    .append(": without QoS 1 the broker keeps nothing for the bridge");
        }
        s.append("; the broker's limits on queued and in-flight messages per session are not visible over MQTT: "
                + "see the sizing guide (Mosquitto max_queued_messages / max_inflight_messages, EMQX "
                + "mqtt.max_mqueue_len / mqtt.max_inflight)");
        return s.toString();
    }

    private void report(String head, String failure, String detail) {
        if (failure == null) {
            out.println(head + ": OK, " + detail);
        } else {
            allOk = false;
            out.println(head + ": FAILED: " + failure);
        }
        out.flush();
    }

    /** The most telling message of a chain: the root cause's, with its type when the message says little. */
    private static String reason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        if (root instanceof java.util.concurrent.TimeoutException
                || root instanceof org.apache.kafka.common.errors.TimeoutException) {
            return "no answer in time (" + (message == null ? "timeout" : message) + "); is the host reachable "
                    + "and the listener's security protocol right?";
        }
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
