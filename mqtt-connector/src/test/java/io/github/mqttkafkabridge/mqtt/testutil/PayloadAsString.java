package io.github.mqttkafkabridge.mqtt.testutil;

import io.github.mqttkafkabridge.mqtt.common.MqttRecord;
import io.github.mqttkafkabridge.mqtt.source.MqttDeserializationSchema;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;

import java.nio.charset.StandardCharsets;

/** The MQTT payload as a string: what the delivery tests count. */
public final class PayloadAsString implements MqttDeserializationSchema<String> {
    @Override
    public String deserialize(MqttRecord record) {
        return new String(record.payload(), StandardCharsets.UTF_8);
    }

    @Override
    public TypeInformation<String> getProducedType() {
        return Types.STRING;
    }
}
