package io.github.mqttkafkabridge.mqtt.common;

import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttPublish;
import org.eclipse.paho.mqttv5.common.packet.MqttWireMessage;
import org.eclipse.paho.mqttv5.common.packet.util.CountingInputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Paho decodes packets through the connector's bulk-reading counting stream, with Paho's results. */
class PahoDecodingTest {

    @Test
    void theConnectorsCountingStreamIsTheOneLoaded() {
        assertThat(PahoDecoding.bulkReads()).isTrue();
    }

    @Test
    void aPayloadIsReadInBulkAndCounted() throws IOException {
        byte[] data = new byte[1024];
        Arrays.fill(data, (byte) 'x');
        SingleByteReads source = new SingleByteReads(data);
        CountingInputStream counter = new CountingInputStream(source);
        byte[] read = new byte[1000];
        new DataInputStream(counter).readFully(read);
        assertThat(source.singleByteReads).isZero();
        assertThat(counter.getCounter()).isEqualTo(1000);
        assertThat(counter.read()).isEqualTo('x');
        assertThat(counter.getCounter()).isEqualTo(1001);
        counter.resetCounter();
        assertThat(counter.getCounter()).isZero();
    }

    @Test
    void pahoDecodesAPublishItEncoded() throws Exception {
        byte[] payload = "{\"seq\":1,\"pad\":\"é€\"}".repeat(40).getBytes(StandardCharsets.UTF_8);
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        MqttProperties properties = new MqttProperties();
        properties.setContentType("application/json");
        message.setProperties(properties);
        MqttPublish publish = new MqttPublish("sensors/a/b", message, properties);
        publish.setMessageId(42);
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        wire.write(publish.getHeader());
        wire.write(publish.getPayload());

        MqttPublish decoded = (MqttPublish) MqttWireMessage.createWireMessage(wire.toByteArray());

        assertThat(decoded.getTopicName()).isEqualTo("sensors/a/b");
        assertThat(decoded.getMessageId()).isEqualTo(42);
        assertThat(decoded.getMessage().getQos()).isEqualTo(1);
        assertThat(decoded.getProperties().getContentType()).isEqualTo("application/json");
        assertThat(decoded.getMessage().getPayload()).isEqualTo(payload);
    }

    /** A stream that counts how often it is read a byte at a time. */
    private static final class SingleByteReads extends FilterInputStream {
        int singleByteReads;

        SingleByteReads(byte[] data) {
            super(new ByteArrayInputStream(data));
        }

        @Override
        public int read() throws IOException {
            singleByteReads++;
            return super.read();
        }
    }
}
