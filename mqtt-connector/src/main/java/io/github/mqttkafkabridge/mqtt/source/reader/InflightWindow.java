package io.github.mqttkafkabridge.mqtt.source.reader;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;

/**
 * Notices when a session's in-flight window is what limits throughput: at several checkpoints in a row the same
 * number of messages waits for acknowledgement and the broker has sent nothing for most of the interval, or the
 * session's own Receive Maximum is reached. Then it warns (at most every few minutes) and names the settings to
 * raise.
 */
final class InflightWindow {
    private static final Logger LOG = LoggerFactory.getLogger(InflightWindow.class);
    private static final long WARN_EVERY_NANOS = Duration.ofMinutes(5).toNanos();
    private static final int PLATEAU_CHECKPOINTS = 3;

    private final String clientId;
    private final int receiveMaximum;
    private volatile long lastArrivalNanos;
    private int lastCount = -1;
    private int sameCount;
    private long lastCheckNanos;
    private long lastWarnNanos = System.nanoTime() - WARN_EVERY_NANOS;

    InflightWindow(String clientId, int receiveMaximum) {
        this.clientId = clientId;
        this.receiveMaximum = receiveMaximum;
    }

    void messageArrived() {
        lastArrivalNanos = System.nanoTime();
    }

    /** Called at each checkpoint; returns whether the window was full. */
    boolean checkAtCheckpoint(int unacknowledged, boolean nothingWaitingInTask) {
        long now = System.nanoTime();
        long interval = now - lastCheckNanos;
        sameCount = unacknowledged > 0 && unacknowledged == lastCount ? sameCount + 1 : 0;
        lastCount = unacknowledged;
        boolean brokerIdle = nothingWaitingInTask && lastCheckNanos != 0 && now - lastArrivalNanos > interval / 2;
        boolean firstCheck = lastCheckNanos == 0;
        lastCheckNanos = now;
        if (unacknowledged > receiveMaximum) {
            // Not a cap on throughput: the broker sent more than the Receive Maximum, as Mosquitto does with the
            // backlog of a resumed session. The task drains it; it is acknowledged at the next checkpoints.
            if (!firstCheck && now - lastWarnNanos >= WARN_EVERY_NANOS) {
                lastWarnNanos = now;
                LOG.info("MQTT source session {}: the broker has {} unacknowledged messages out to the bridge, more "
                        + "than the session's Receive Maximum ({}); a broker resending a resumed session's backlog "
                        + "does this. They are acknowledged at the next checkpoints.", clientId, unacknowledged,
                        receiveMaximum);
            }
            return false;
        }
        boolean full = unacknowledged == receiveMaximum || (sameCount >= PLATEAU_CHECKPOINTS - 1 && brokerIdle);
        // The first checkpoint has no interval to judge by (a resumed session may start with a full window).
        if (full && !firstCheck && now - lastWarnNanos >= WARN_EVERY_NANOS) {
            lastWarnNanos = now;
            LOG.warn("MQTT source session {}: {} messages wait for acknowledgement at every checkpoint and the broker "
                    + "sends no more until the next one: the in-flight window is full and caps throughput at about "
                    + "{} messages per checkpoint interval ({} ms). Raise the broker's in-flight limit (EMQX: "
                    + "mqtt.max_inflight; Mosquitto: max_inflight_messages; HiveMQ: the client's Receive "
                    + "Maximum, capped at 50 per client in HiveMQ CE), raise mqtt.receive_maximum (now {}), add sessions with mqtt.sessions_per_subtask, "
                    + "or shorten flink.checkpoint_interval.", clientId, unacknowledged, unacknowledged,
                    Duration.ofNanos(interval).toMillis(), receiveMaximum);
        }
        return full;
    }
}
