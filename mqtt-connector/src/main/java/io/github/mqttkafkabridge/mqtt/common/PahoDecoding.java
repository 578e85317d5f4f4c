package io.github.mqttkafkabridge.mqtt.common;

import org.eclipse.paho.mqttv5.common.packet.util.CountingInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether Paho decodes packets with the connector's bulk-reading {@link CountingInputStream}. If a class path
 * puts Paho's jar before the connector's, Paho's byte-at-a-time class wins: everything still works, only slower,
 * so the connector says so once instead of failing.
 */
public final class PahoDecoding {
    private static final Logger LOG = LoggerFactory.getLogger(PahoDecoding.class);
    private static volatile boolean checked;

    private PahoDecoding() {}

    public static boolean bulkReads() {
        try {
            return CountingInputStream.class.getDeclaredMethod("read", byte[].class, int.class, int.class) != null;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** Logs a warning, once per JVM, when Paho's own counting stream is the one loaded. */
    public static void warnIfSlow() {
        if (checked) {
            return;
        }
        checked = true;
        if (!bulkReads()) {
            LOG.warn("Paho's own {} was loaded from {} before the connector's: MQTT messages are decoded a byte at "
                    + "a time, which costs CPU per message. Put the connector's jar before Paho's on the class path.",
                    CountingInputStream.class.getName(), CountingInputStream.class.getProtectionDomain().getCodeSource());
        }
    }
}
