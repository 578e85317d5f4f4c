package io.github.mqttkafkabridge.mqtt.testutil;

import java.io.IOException;
import java.net.ServerSocket;

/** A free local port for a broker started by a test. */
public final class Ports {
    private Ports() {}

    public static int free() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
