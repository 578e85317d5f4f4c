package io.github.mqttkafkabridge.mqtt.source;

import io.github.mqttkafkabridge.mqtt.common.MqttRecord;

import org.apache.flink.api.java.typeutils.ResultTypeQueryable;

import java.io.Serializable;

/** Turns a received MQTT message into the record the source emits. Must not throw on odd payloads. */
public interface MqttDeserializationSchema<T> extends Serializable, ResultTypeQueryable<T> {
    T deserialize(MqttRecord record);
}
