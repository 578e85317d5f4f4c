package io.github.mqttkafkabridge.bridge.bench;

import io.github.mqttkafkabridge.mqtt.common.MqttBrokerOptions;
import io.github.mqttkafkabridge.mqtt.common.MqttCallbackAdapter;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;

import java.util.Properties;

/**
 * The most a bridge can do on this machine: one Paho subscriber (acknowledging on arrival) handing each payload
 * to a plain KafkaProducer (acks=all, idempotent, no transactions). No Flink, no rules, no checkpoints, and no
 * guarantee: a crash loses what was acknowledged to MQTT but not yet written to Kafka.
 */
final class RawPipe extends MqttCallbackAdapter implements AutoCloseable {
    private final MqttAsyncClient subscriber;
    private final KafkaProducer<byte[], byte[]> producer;
    private final String kafkaTopic;

    RawPipe(MqttBrokerOptions broker, String clientId, String filter, int qos, Properties kafka, String kafkaTopic)
            throws Exception {
        Properties p = new Properties();
        p.putAll(kafka);
        p.setProperty("key.serializer", ByteArraySerializer.class.getName());
        p.setProperty("value.serializer", ByteArraySerializer.class.getName());
        p.setProperty("acks", "all");
        this.producer = new KafkaProducer<>(p);
        this.kafkaTopic = kafkaTopic;
        this.subscriber = new MqttAsyncClient(broker.serverUri(), clientId, new MemoryPersistence());
        subscriber.setCallback(this);
        subscriber.connect(broker.toPaho(true, false)).waitForCompletion(30_000);
        subscriber.subscribe(new MqttSubscription[] {new MqttSubscription(filter, qos)}).waitForCompletion(30_000);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        producer.send(new ProducerRecord<>(kafkaTopic, message.getPayload()));
    }

    /**
     * The raw pipe as its own process for a process bench: {@code <mqtt uri> <client id> <filter> <qos>
     * <bootstrap> <topic>}; runs until stdin closes.
     */
    public static final class Main {
        private Main() {}

        public static void main(String[] args) throws Exception {
            Properties kafka = new Properties();
            kafka.setProperty("bootstrap.servers", args[4]);
            MqttBrokerOptions broker = MqttBrokerOptions.builder().setServerUri(args[0]).setClientIdPrefix(args[1])
                    .build();
            try (RawPipe pipe = new RawPipe(broker, args[1], args[2], Integer.parseInt(args[3]), kafka, args[5])) {
                while (System.in.read() >= 0) {
                    // run until the bench closes our stdin (or exits)
                }
            }
            System.exit(0);
        }
    }

    @Override
    public void close() throws Exception {
        producer.close();
        subscriber.disconnect().waitForCompletion(10_000);
        subscriber.close();
    }
}
