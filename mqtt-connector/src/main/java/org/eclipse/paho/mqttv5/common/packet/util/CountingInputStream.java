package org.eclipse.paho.mqttv5.common.packet.util;

import java.io.IOException;
import java.io.InputStream;

/**
 * Replaces Paho 1.2.5's class of this name (same package and public methods, written here; it is first on the
 * class path of the connector and of everything built on it) to add what Paho's lacks: a bulk
 * {@link #read(byte[], int, int)}. Paho decodes every packet through this counter, and without a bulk read
 * {@code DataInputStream.readFully} of a PUBLISH moves its topic and payload one synchronized
 * {@code ByteArrayInputStream.read()} at a time — twice per packet (once to cut the packet, once to decode it).
 * A profile of the bridge under load put a third of Paho's receiving thread there.
 *
 * <p>{@code io.github.mqttkafkabridge.mqtt.common.PahoDecoding} checks at start-up that this class is the one
 * loaded and warns if Paho's own came first.
 */
public class CountingInputStream extends InputStream {
    private final InputStream inputStream;
    private int counter;

    public CountingInputStream(InputStream inputStream) {
        this.inputStream = inputStream;
    }

    @Override
    public int read() throws IOException {
        int b = inputStream.read();
        if (b != -1) {
            counter++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = inputStream.read(b, off, len);
        if (n > 0) {
            counter += n;
        }
        return n;
    }

    /** Bytes read since construction or the last {@link #resetCounter()}. */
    public int getCounter() {
        return counter;
    }

    public void resetCounter() {
        counter = 0;
    }
}
