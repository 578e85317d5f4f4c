package io.github.mqttkafkabridge.mqtt.sink;

import java.io.Serializable;

/** Turns a stream element into the message the sink publishes. */
@FunctionalInterface
public interface MqttSerializationSchema<T> extends Serializable {
    MqttOutboundMessage serialize(T element);
}
