package io.github.mqttkafkabridge.bridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Busy CPU time of the whole machine (all cores, every process) from {@code /proc/stat}, so a report can say
 * whether a pipe was held back by its own CPU or by a machine the brokers and the load already kept busy.
 */
final class MachineCpu {
    private static final Path STAT = Path.of("/proc/stat");
    /** The kernel's USER_HZ, 100 on every common Linux build. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private MachineCpu() {}

    /** Busy nanoseconds summed over all cores since boot, or -1 where {@code /proc/stat} is missing. */
    static long busyNanos() {
        try {
            String[] f = Files.readAllLines(STAT).get(0).trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
