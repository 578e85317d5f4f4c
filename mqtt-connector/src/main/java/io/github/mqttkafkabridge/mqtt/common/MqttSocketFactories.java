package io.github.mqttkafkabridge.mqtt.common;

import javax.net.SocketFactory;
import javax.net.ssl.SSLSocketFactory;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;

/**
 * The sockets Paho gets from us:
 * <ul>
 *   <li>Nagle's algorithm off (TCP_NODELAY), which Paho does not do. Without it a PUBACK, a few bytes, waits for
 *       the broker's delayed TCP acknowledgement (about 40 ms on Linux), so a subscriber acknowledging a window of
 *       messages at a time is held to roughly one window per 40 ms.</li>
 *   <li>A buffered input stream on plain TCP. Paho reads the socket through an unbuffered {@code DataInputStream}:
 *       a system call for a packet's first byte, one per byte of its length, one for the rest, and one
 *       {@code available()} per packet. Buffered, one read brings in as many packets as the kernel holds. (A TLS
 *       socket's stream already reads whole records.)</li>
 * </ul>
 */
public final class MqttSocketFactories {
    /** Enough for several 1 KB messages per system call, small next to a subscriber's in-flight window. */
    static final int INPUT_BUFFER_BYTES = 64 * 1024;

    private MqttSocketFactories() {}

    public static SocketFactory plain() {
        return new Plain();
    }

    /** Keeps the TLS factory's type: Paho picks its TLS transport by {@code instanceof SSLSocketFactory}. */
    public static SSLSocketFactory tls(SSLSocketFactory delegate) {
        return new Tls(delegate);
    }

    private static Socket noDelay(Socket s) throws SocketException {
        s.setTcpNoDelay(true);
        return s;
    }

    private static final class Plain extends SocketFactory {
        @Override
        public Socket createSocket() throws IOException {
            return noDelay(new BufferedInputSocket());
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return connected(new InetSocketAddress(host, port), null);
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return connected(new InetSocketAddress(host, port), null);
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
        }

        private static Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
            Socket s = noDelay(new BufferedInputSocket());
            if (local != null) {
                s.bind(local);
            }
            s.connect(remote);
            return s;
        }
    }

    /** A plain TCP socket whose input stream is buffered (see the class comment). */
    private static final class BufferedInputSocket extends Socket {
        private InputStream in;

        @Override
        public synchronized InputStream getInputStream() throws IOException {
            if (in == null) {
                in = new PacketInput(super.getInputStream());
            }
            return in;
        }
    }

    /**
     * Paho asks {@code available()} before every packet only to name its state; answering from the buffer when
     * it holds bytes saves a system call per packet ({@code BufferedInputStream} always asks the socket too).
     */
    private static final class PacketInput extends BufferedInputStream {
        PacketInput(InputStream socket) {
            super(socket, INPUT_BUFFER_BYTES);
        }

        @Override
        public synchronized int available() throws IOException {
            int buffered = count - pos;
            return buffered > 0 ? buffered : super.available();
        }
    }

    private static final class Tls extends SSLSocketFactory {
        private final SSLSocketFactory delegate;

        Tls(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return noDelay(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
            return noDelay(delegate.createSocket(s, consumed, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
                throws IOException {
            return noDelay(delegate.createSocket(address, port, localAddress, localPort));
        }
    }
}
