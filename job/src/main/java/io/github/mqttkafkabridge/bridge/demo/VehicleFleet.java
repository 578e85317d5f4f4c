package io.github.mqttkafkabridge.bridge.demo;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Simulated vehicles publishing telemetry (QoS 1) to {@code vehicles/<vin>/telemetry} once a second. */
final class VehicleFleet implements AutoCloseable {
    private final List<MqttAsyncClient> clients = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong published = new AtomicLong();
    private final Random random = new Random(42);

    VehicleFleet(String serverUri, int vehicles) throws MqttException {
        for (int i = 1; i <= vehicles; i++) {
            String vin = String.format("VIN%04d", i);
            MqttAsyncClient c = new MqttAsyncClient(serverUri, vin, new MemoryPersistence());
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setAutomaticReconnect(true);
            c.connect(o).waitForCompletion(10_000);
            clients.add(c);
        }
    }

    void start() {
        double[] speeds = new double[clients.size()];
        for (int i = 0; i < speeds.length; i++) {
            speeds[i] = 70 + random.nextInt(40);
        }
        // One driver starts too fast, so the alert -> command -> MQTT loop shows within the first seconds.
        speeds[0] = 135;
        timer.scheduleAtFixedRate(() -> {
            for (int i = 0; i < clients.size(); i++) {
                speeds[i] = Math.max(0, Math.min(160, speeds[i] + random.nextGaussian() * 12));
                publish(clients.get(i), speeds[i]);
            }
        }, 0, 1, TimeUnit.SECONDS);
    }

    private void publish(MqttAsyncClient c, double speed) {
        String vin = c.getClientId();
        String json = String.format(Locale.ROOT, "{\"vin\":\"%s\",\"speed\":%.1f,\"rpm\":%d,\"fuel\":%.1f,"
                + "\"location\":{\"lat\":%.5f,\"lon\":%.5f},\"ts\":%d}", vin, speed, (int) (speed * 28 + 800),
                60 + random.nextDouble() * 30, 48.13 + random.nextDouble() / 100, 11.57 + random.nextDouble() / 100,
                System.currentTimeMillis());
        MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        try {
            c.publish("vehicles/" + vin + "/telemetry", m);
            published.incrementAndGet();
        } catch (MqttException e) {
            System.err.println("[fleet] " + vin + " could not publish: " + e.getMessage());
        }
    }

    long published() {
        return published.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (MqttAsyncClient c : clients) {
            try {
                c.disconnect().waitForCompletion(2_000);
                c.close();
            } catch (MqttException e) {
                // shutting down anyway
            }
        }
    }
}
