package io.github.mqttkafkabridge.bridge.bench;

import java.util.Map;

/**
 * The outcome of one measured run: throughput from the first publish to the last record readable with
 * read_committed, latency from publish to readable, completeness, and the CPU charged to the pipe (as a share
 * of all cores and per message delivered), how busy the whole machine was meanwhile, and the pipe's peak heap
 * (0 where not known).
 */
public record RunResult(String name, long published, long received, long missing, long duplicated, double seconds,
                        double messagesPerSecond, double megabytesPerSecond, double p50Ms, double p95Ms,
                        double p99Ms, double maxMs, double cpuPercent, double cpuMicrosPerMessage,
                        double machineBusyPercent, Map<String, Double> cpuMicrosPerMessageByThread,
                        long peakHeapMb, double idleCpuPercentOfCore) {

    /** This result with the CPU the pipe used while no message came, as a share of one core. */
    public RunResult withIdleCpu(double percentOfCore) {
        return new RunResult(name, published, received, missing, duplicated, seconds, messagesPerSecond,
                megabytesPerSecond, p50Ms, p95Ms, p99Ms, maxMs, cpuPercent, cpuMicrosPerMessage, machineBusyPercent,
                cpuMicrosPerMessageByThread, peakHeapMb, percentOfCore);
    }

    /** A run that lost or duplicated data is a failed run, whatever its speed. */
    public boolean complete() {
        return missing == 0 && duplicated == 0;
    }

    /** The pipe's CPU per message by thread group, largest first, e.g. "flink-task 9.1, paho-receive 5.6". */
    public String threadLine() {
        StringBuilder b = new StringBuilder();
        cpuMicrosPerMessageByThread.forEach((group, micros) -> {
            if (micros >= 0.05) {
                b.append(b.length() == 0 ? "" : ", ").append(String.format("%s %.1f", group, micros));
            }
        });
        return b.toString();
    }

    public String line() {
        return String.format("%-7s %,10.0f msg/s %7.2f MB/s  latency p50 %7.1f ms  p95 %7.1f ms  p99 %7.1f ms  "
                + "max %7.1f ms  published %,d  received %,d  missing %,d  duplicated %,d  CPU %5.1f%% "
                + "(%,.1f µs/msg), machine %3.0f%% busy%s", name, messagesPerSecond, megabytesPerSecond, p50Ms, p95Ms, p99Ms, maxMs,
                published, received, missing, duplicated, cpuPercent, cpuMicrosPerMessage, machineBusyPercent,
                peakHeapMb > 0 ? String.format("  peak heap %,d MB", peakHeapMb) : "")
                + (idleCpuPercentOfCore > 0 ? String.format("  idle %.1f%% of a core", idleCpuPercentOfCore) : "");
    }
}
