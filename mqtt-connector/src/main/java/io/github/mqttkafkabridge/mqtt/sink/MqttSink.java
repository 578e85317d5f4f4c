package io.github.mqttkafkabridge.mqtt.sink;

import io.github.mqttkafkabridge.mqtt.common.MqttBrokerOptions;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.io.IOException;

/**
 * At-least-once MQTT sink: every checkpoint waits until the broker has acknowledged each message published
 * before it (PUBACK for QoS 1, PUBCOMP for QoS 2).
 */
public final class MqttSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final MqttBrokerOptions broker;
    private final String clientIdSuffix;
    private final int maxInflight;
    private final MqttSerializationSchema<T> serializer;

    private MqttSink(MqttBrokerOptions broker, String clientIdSuffix, int maxInflight,
                     MqttSerializationSchema<T> serializer) {
        this.broker = broker;
        this.clientIdSuffix = clientIdSuffix;
        this.maxInflight = maxInflight;
        this.serializer = serializer;
    }

    public static <T> Builder<T> builder() {
        return new Builder<>();
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        int subtask = context.getTaskInfo().getIndexOfThisSubtask();
        String clientId = broker.clientIdPrefix() + "-" + clientIdSuffix + "-" + subtask;
        return new MqttSinkWriter<>(broker, clientId, maxInflight, serializer, context.metricGroup());
    }

    /** Builder for {@link MqttSink}. */
    public static final class Builder<T> {
        private MqttBrokerOptions broker;
        private String clientIdSuffix = "sink";
        private int maxInflight = 64;
        private MqttSerializationSchema<T> serializer;

        public Builder<T> setBroker(MqttBrokerOptions broker) {
            this.broker = broker;
            return this;
        }

        /** Distinguishes this sink's client ids from other clients that share the prefix. */
        public Builder<T> setClientIdSuffix(String clientIdSuffix) {
            this.clientIdSuffix = clientIdSuffix;
            return this;
        }

        public Builder<T> setMaxInflight(int maxInflight) {
            this.maxInflight = maxInflight;
            return this;
        }

        public Builder<T> setSerializer(MqttSerializationSchema<T> serializer) {
            this.serializer = serializer;
            return this;
        }

        public MqttSink<T> build() {
            if (broker == null) {
                throw new IllegalArgumentException("broker: not set");
            }
            if (serializer == null) {
                throw new IllegalArgumentException("serializer: not set");
            }
            if (maxInflight < 1 || maxInflight > 65535) {
                throw new IllegalArgumentException("max_inflight: " + maxInflight + " is not in 1..65535");
            }
            return new MqttSink<>(broker, clientIdSuffix, maxInflight, serializer);
        }
    }
}
