package io.github.mqttkafkabridge.bridge.bench;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Properties;

/**
 * Reads the output topic as a downstream consumer would ({@code read_committed}) and records, per message,
 * when it became readable: latency from publish, which sequence numbers arrived, how often.
 */
final class BenchReader implements AutoCloseable {
    private static final Duration DRAIN_AFTER = Duration.ofMillis(200);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final long expected;
    private final BitSet seen = new BitSet();
    private long[] latencies = new long[1 << 16];
    private volatile long received;
    private volatile long distinct;
    private long warmupReceived;
    private long lastReadableNanos;

    BenchReader(Properties clientProperties, String topic, long expected) {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.setProperty("isolation.level", "read_committed");
        p.setProperty("key.deserializer", ByteArrayDeserializer.class.getName());
        p.setProperty("value.deserializer", ByteArrayDeserializer.class.getName());
        p.setProperty("enable.auto.commit", "false");
        p.setProperty("fetch.max.wait.ms", "10");
        this.consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo info : consumer.partitionsFor(topic)) {
            partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.expected = expected;
    }

    /**
     * Reads until every message arrived, or nothing new came for {@code idle} after {@code publishDone} is set;
     * {@code drain} runs once when the load is published and nothing came for a moment.
     */
    void readUntilDone(java.util.concurrent.atomic.AtomicBoolean publishDone, Duration idle, Runnable drain) {
        long lastProgress = System.nanoTime();
        boolean drained = false;
        while (distinct < expected) {
            int n = 0;
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                long now = System.nanoTime();
                long[] st = BenchPayloads.parse(new String(r.value(), StandardCharsets.UTF_8));
                if (st == null || st[0] >= expected) {
                    warmupReceived++; // warm-up messages (sequence numbers from expected on) are not measured
                    continue;
                }
                n++;
                if (received == latencies.length) {
                    latencies = Arrays.copyOf(latencies, latencies.length * 2);
                }
                latencies[(int) received] = now - st[1];
                received++;
                if (!seen.get((int) st[0])) {
                    seen.set((int) st[0]);
                    distinct++;
                }
                lastReadableNanos = now;
            }
            if (n > 0) {
                lastProgress = System.nanoTime();
            } else if (!drained && publishDone.get() && System.nanoTime() - lastProgress > DRAIN_AFTER.toNanos()) {
                drain.run();
                drained = true;
            } else if (publishDone.get() && System.nanoTime() - lastProgress > idle.toNanos()) {
                return;
            }
        }
    }

    /** Waits until a warm-up message (sequence number at least {@code expected}) is readable. */
    boolean awaitWarmup(Duration timeout) {
        return awaitWarmup(warmupReceived + 1, timeout);
    }

    /** Waits until {@code count} warm-up messages in all have been read. */
    boolean awaitWarmup(long count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (warmupReceived < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                long[] st = BenchPayloads.parse(new String(r.value(), StandardCharsets.UTF_8));
                if (st != null && st[0] >= expected) {
                    warmupReceived++;
                }
            }
        }
        return warmupReceived >= count;
    }

    /** Up to {@code max} sequence numbers that were never read, for the report of an incomplete run. */
    List<Long> missingSample(int max) {
        List<Long> missing = new ArrayList<>();
        for (int i = seen.nextClearBit(0); i < expected && missing.size() < max; i = seen.nextClearBit(i + 1)) {
            missing.add((long) i);
        }
        return missing;
    }

    long received() {
        return received;
    }

    long distinct() {
        return distinct;
    }

    long lastReadableNanos() {
        return lastReadableNanos;
    }

    /** Latencies in nanoseconds, sorted. */
    long[] sortedLatencies() {
        long[] copy = Arrays.copyOf(latencies, (int) received);
        Arrays.sort(copy);
        return copy;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
