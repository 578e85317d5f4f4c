package io.github.mqttkafkabridge.mqtt.testutil;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/** Reads a topic from the beginning with {@code read_committed}, as a downstream consumer would. */
public final class KafkaReader implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();

    public KafkaReader(String bootstrap, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        consumer.subscribe(List.of(topic));
    }

    /** Polls until a record matching {@code condition} has been read, or fails after {@code timeout}. */
    public ConsumerRecord<byte[], byte[]> awaitRecord(Predicate<ConsumerRecord<byte[], byte[]>> condition,
                                                      Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        do {
            for (ConsumerRecord<byte[], byte[]> r : seen) {
                if (condition.test(r)) {
                    return r;
                }
            }
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        } while (System.nanoTime() < deadline);
        for (ConsumerRecord<byte[], byte[]> r : seen) {
            if (condition.test(r)) {
                return r;
            }
        }
        throw new AssertionError("no matching record within " + timeout + "; read " + seen.size() + " records");
    }

    /** Polls until {@code done} holds or {@code timeout} passes; returns whether it holds. */
    public boolean pollUntil(BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        return true;
    }

    /** Every record read so far, in order. */
    public List<ConsumerRecord<byte[], byte[]>> seen() {
        return seen;
    }

    /** How often each record value was read so far (a value read twice is a duplicate). */
    public Map<String, Integer> valueCounts() {
        Map<String, Integer> counts = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : seen) {
            counts.merge(new String(r.value(), StandardCharsets.UTF_8), 1, Integer::sum);
        }
        return counts;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
