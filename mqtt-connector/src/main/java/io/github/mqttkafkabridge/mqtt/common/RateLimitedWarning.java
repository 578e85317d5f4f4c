package io.github.mqttkafkabridge.mqtt.common;

import org.slf4j.Logger;

/**
 * Logs a failed message at WARN at most once per interval, saying how many similar failures were not logged,
 * so a stream of bad messages cannot flood the log.
 */
public final class RateLimitedWarning {
    private static final long INTERVAL_MS = 10_000;

    private final Logger log;
    private long lastLogged = Long.MIN_VALUE / 2;
    private long suppressed;

    public RateLimitedWarning(Logger log) {
        this.log = log;
    }

    public void warn(String what, String reason) {
        long now = System.currentTimeMillis();
        if (now - lastLogged >= INTERVAL_MS) {
            log.warn("{} failed a message: {} ({} similar failures since the last warning)", what, reason, suppressed);
            lastLogged = now;
            suppressed = 0;
        } else {
            suppressed++;
        }
    }
}
