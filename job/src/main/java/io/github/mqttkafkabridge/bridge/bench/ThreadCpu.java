package io.github.mqttkafkabridge.bridge.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time of one process's threads, grouped by what they do (Paho's receiving thread, the Flink task, the
 * Kafka producer's network thread, the JIT compilers, ...), from {@code /proc/<pid>/task/<tid>/stat}: where a
 * pipe's CPU goes, without a profiler.
 */
final class ThreadCpu {
    private static final long NANOS_PER_TICK = 10_000_000L;

    private ThreadCpu() {}

    /** Thread id to (group, CPU nanoseconds so far); empty where {@code /proc} is missing. */
    static Map<Long, Sample> sample(long pid) {
        Map<Long, Sample> samples = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    String name = stat.substring(stat.indexOf('(') + 1, close);
                    String[] f = stat.substring(close + 2).split(" ");
                    // fields after the name: state(0) ... utime(11) stime(12)
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    samples.put(Long.parseLong(task.getFileName().toString()),
                            new Sample(group(name), ticks * NANOS_PER_TICK));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return Map.of();
        }
        return samples;
    }

    /** CPU nanoseconds per group between two samples (threads that ended in between are not counted). */
    static Map<String, Long> between(Map<Long, Sample> before, Map<Long, Sample> after) {
        Map<String, Long> groups = new HashMap<>();
        after.forEach((tid, s) -> {
            Sample b = before.get(tid);
            long spent = s.cpuNanos() - (b == null ? 0 : b.cpuNanos());
            groups.merge(s.group(), spent, Long::sum);
        });
        Map<String, Long> sorted = new LinkedHashMap<>();
        groups.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }

    /** Linux keeps the first 15 characters of a thread's name. */
    static String group(String name) {
        if (name.startsWith("MQTT Rec")) {
            return "paho-receive";
        } else if (name.startsWith("MQTT Call")) {
            return "paho-callback";
        } else if (name.startsWith("MQTT Snd")) {
            return "paho-send";
        } else if (name.startsWith("MQTT Ping") || name.startsWith("MQTT Con")) {
            return "paho-other";
        } else if (name.startsWith("kafka-producer")) {
            return "kafka-producer-network";
        } else if (name.startsWith("Source: ") || name.contains("->")) {
            return "flink-task";
        } else if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
            return "jit-compiler";
        } else if (name.startsWith("GC Thread") || name.startsWith("G1 ") || name.equals("VM Thread")) {
            return "gc-and-vm";
        } else if (name.startsWith("Checkpoint") || name.startsWith("AsyncOperation")) {
            return "flink-checkpointing";
        }
        return "other";
    }

    record Sample(String group, long cpuNanos) {}
}
