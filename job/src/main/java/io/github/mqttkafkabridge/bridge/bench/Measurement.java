package io.github.mqttkafkabridge.bridge.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * One measured run of a pipe, shared by the in-JVM and the process bench: warm the pipe up, publish the
 * measured messages, read them back with read_committed, and turn what was read and the CPU spent into a
 * {@link RunResult}.
 */
final class Measurement {
    private static final Duration IDLE_TIMEOUT = Duration.ofSeconds(20);

    /** Brings a pipe to steady state before the clock starts; messages it sends use sequence numbers ≥ n. */
    interface WarmUp {
        void run(BenchReader reader) throws Exception;
    }

    /** Where a pipe's CPU goes, by thread group, between {@link #start()} and {@link #end()}. */
    interface ThreadBreakdown {
        void start();

        Map<String, Long> end();
    }

    private final BenchSettings settings;
    private final PrintStream progress;

    Measurement(BenchSettings settings, PrintStream progress) {
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * @param cpuNanos CPU time charged to the pipe so far, in nanoseconds
     * @param peakHeapMb peak heap of the pipe over the run, or a supplier of 0 where it is not known
     * @param drain makes a pipe that holds its last messages back hand them on (runs once the load is published
     *     and nothing new was readable for a moment), or null
     * @param threads the pipe's CPU by thread group, or null where not known
     */
    RunResult run(String name, Properties kafkaProps, String topic, BenchLoad load, String clientIdPrefix,
                  WarmUp warmUp, LongSupplier cpuNanos, LongSupplier peakHeapMb, Runnable drain,
                  ThreadBreakdown threads) throws Exception {
        long n = settings.messages();
        try (BenchReader reader = new BenchReader(kafkaProps, topic, n)) {
            warmUp.run(reader);
            AtomicBoolean done = new AtomicBoolean();
            Exception[] failure = new Exception[1];
            if (threads != null) {
                threads.start();
            }
            long cpuStart = cpuNanos.getAsLong();
            long machineStart = MachineCpu.busyNanos();
            long start = System.nanoTime();
            Thread publishing = new Thread(() -> {
                try {
                    load.publish(0, n, clientIdPrefix);
                } catch (Exception e) {
                    failure[0] = e;
                } finally {
                    done.set(true);
                }
            }, "bench-load");
            publishing.start();
            Thread ticker = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    progress.printf("[%s] %5.1fs published %,d / %,d, readable in Kafka %,d%n", name,
                            (System.nanoTime() - start) / 1e9, load.published(), n, reader.distinct());
                }
            }, "bench-progress");
            ticker.setDaemon(true);
            ticker.start();
            // The end is read before a drain: a drained pipe's processes exit, and an exited process has no CPU time.
            End[] end = {null};
            reader.readUntilDone(done, IDLE_TIMEOUT, drain == null ? () -> { } : () -> {
                end[0] = End.read(cpuNanos, threads);
                drain.run();
            });
            if (end[0] == null) {
                end[0] = End.read(cpuNanos, threads);
            }
            load.close();
            long cpu = end[0].cpuNanos() - cpuStart;
            long elapsed = end[0].nanoTime() - start;
            publishing.join();
            ticker.interrupt();
            if (failure[0] != null) {
                throw failure[0];
            }
            if (reader.distinct() < n) {
                progress.printf("[%s] never readable in Kafka: sequence numbers %s%n", name, reader.missingSample(20));
            }
            double seconds = (reader.lastReadableNanos() - start) / 1e9;
            long[] lat = reader.sortedLatencies();
            double rate = reader.distinct() / seconds;
            double cpuPercent = 100.0 * cpu / elapsed / Runtime.getRuntime().availableProcessors();
            double cpuMicrosPerMessage = reader.distinct() == 0 ? 0 : cpu / 1e3 / reader.distinct();
            Map<String, Double> perMessageByThread = new LinkedHashMap<>();
            long messages = Math.max(1, reader.distinct());
            end[0].byThread().forEach((group, nanos) -> perMessageByThread.put(group, nanos / 1e3 / messages));
            double machineBusyPercent = machineStart < 0 ? 0
                    : 100.0 * (end[0].machineBusyNanos() - machineStart) / elapsed
                            / Runtime.getRuntime().availableProcessors();
            return new RunResult(name, n, reader.received(), n - reader.distinct(),
                    reader.received() - reader.distinct(), seconds, rate, rate * settings.payloadBytes() / 1e6,
                    percentile(lat, 0.50), percentile(lat, 0.95), percentile(lat, 0.99),
                    lat.length == 0 ? 0 : lat[lat.length - 1] / 1e6, cpuPercent, cpuMicrosPerMessage,
                    machineBusyPercent, perMessageByThread, peakHeapMb.getAsLong(), 0);
        }
    }

    /** What is read when a run ends: the pipe's CPU (in all and by thread), the time, the machine's busy time. */
    private record End(long cpuNanos, long nanoTime, long machineBusyNanos, Map<String, Long> byThread) {
        static End read(LongSupplier cpuNanos, ThreadBreakdown threads) {
            return new End(cpuNanos.getAsLong(), System.nanoTime(), MachineCpu.busyNanos(),
                    threads == null ? Map.of() : threads.end());
        }
    }

    private static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }
}
