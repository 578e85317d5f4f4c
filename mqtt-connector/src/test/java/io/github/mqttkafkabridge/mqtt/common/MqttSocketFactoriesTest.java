package io.github.mqttkafkabridge.mqtt.common;

import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import static org.assertj.core.api.Assertions.assertThat;

/** The plain sockets Paho gets: no Nagle, and an input stream that reads ahead and answers from its buffer. */
class MqttSocketFactoriesTest {

    @Test
    void aPlainSocketReadsAheadAndAnswersAvailableFromItsBuffer() throws Exception {
        try (ServerSocket server = new ServerSocket(0);
             Socket client = MqttSocketFactories.plain().createSocket()) {
            client.connect(new InetSocketAddress("127.0.0.1", server.getLocalPort()));
            assertThat(client.getTcpNoDelay()).isTrue();
            try (Socket accepted = server.accept()) {
                OutputStream out = accepted.getOutputStream();
                out.write(new byte[] {0x30, 3, 'a', 'b', 'c', 0x40, 2, 0, 1});
                out.flush();
                InputStream in = client.getInputStream();
                assertThat(client.getInputStream()).isSameAs(in);
                assertThat(in.read()).isEqualTo(0x30);
                // The rest of what the peer sent is already in the buffer: 8 bytes, without asking the socket.
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (in.available() < 8 && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                assertThat(in.available()).isEqualTo(8);
                byte[] rest = in.readNBytes(8);
                assertThat(rest).containsExactly(3, 'a', 'b', 'c', 0x40, 2, 0, 1);
            }
        }
    }

    @Test
    void theConnectingFactoryMethodsConnect() throws Exception {
        try (ServerSocket server = new ServerSocket(0);
             Socket client = MqttSocketFactories.plain().createSocket("127.0.0.1", server.getLocalPort());
             Socket accepted = server.accept()) {
            assertThat(client.isConnected()).isTrue();
            assertThat(client.getTcpNoDelay()).isTrue();
            accepted.getOutputStream().write(7);
            assertThat(client.getInputStream().read()).isEqualTo(7);
        }
    }
}
