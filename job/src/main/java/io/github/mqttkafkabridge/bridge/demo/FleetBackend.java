package io.github.mqttkafkabridge.bridge.demo;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The demo's back end: reads what the bridge wrote to Kafka (read_committed), prints it, and answers each
 * speeding alert with a "slow_down" command on {@code vehicle-commands}.
 */
final class FleetBackend implements Runnable, AutoCloseable {
    private final KafkaConsumer<String, String> consumer;
    private final KafkaProducer<String, String> producer;
    private final PrintStream out;
    private final AtomicLong telemetry = new AtomicLong();
    private final AtomicLong alerts = new AtomicLong();
    private final Thread thread = new Thread(this, "fleet-backend");
    private volatile boolean running = true;

    FleetBackend(String bootstrap, PrintStream out) {
        this.out = out;
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "fleet-backend",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        consumer.subscribe(List.of("vehicle-telemetry", "vehicle-alerts", "vehicle-speed-stats"));
        try {
            while (running) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    out.printf("[kafka] %-17s key=%s %s%n", r.topic(), r.key(), r.value());
                    if (r.topic().equals("vehicle-alerts")) {
                        alerts.incrementAndGet();
                        String command = "{\"vin\":\"" + r.key() + "\",\"command\":\"slow_down\",\"reason\":\"speeding\"}";
                        producer.send(new ProducerRecord<>("vehicle-commands", r.key(), command));
                    } else if (r.topic().equals("vehicle-telemetry")) {
                        telemetry.incrementAndGet();
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        }
    }

    long telemetryRecords() {
        return telemetry.get();
    }

    long alertRecords() {
        return alerts.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(5_000);
        consumer.close();
        producer.close();
    }
}
