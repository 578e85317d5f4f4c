package io.github.mqttkafkabridge.bridge.demo;

import io.github.mqttkafkabridge.mqtt.common.MqttCallbackAdapter;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

/** Subscribes like the vehicles' command handlers and prints what comes back over MQTT. */
final class CommandPrinter extends MqttCallbackAdapter implements AutoCloseable {
    private final MqttAsyncClient client;
    private final PrintStream out;
    private final AtomicLong received = new AtomicLong();

    CommandPrinter(String serverUri, PrintStream out) throws MqttException {
        this.out = out;
        client = new MqttAsyncClient(serverUri, "fleet-command-monitor", new MemoryPersistence());
        client.setCallback(this);
        client.connect(new MqttConnectionOptions()).waitForCompletion(10_000);
        client.subscribe(new MqttSubscription[] {new MqttSubscription("vehicles/+/commands", 1)})
                .waitForCompletion(10_000);
    }

    long received() {
        return received.get();
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        received.incrementAndGet();
        out.printf("[mqtt]  %-26s %s%n", topic, new String(message.getPayload(), StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws MqttException {
        client.disconnect().waitForCompletion(2_000);
        client.close();
    }
}
