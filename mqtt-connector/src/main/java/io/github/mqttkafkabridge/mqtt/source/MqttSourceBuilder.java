package io.github.mqttkafkabridge.mqtt.source;

import io.github.mqttkafkabridge.mqtt.common.MqttBrokerOptions;
import io.github.mqttkafkabridge.mqtt.common.TopicFilters;

import java.util.ArrayList;
import java.util.List;

/** Builder for {@link MqttSource}; {@link #build()} checks every option and names the bad one. */
public final class MqttSourceBuilder<T> {
    private MqttBrokerOptions broker;
    private final List<String> topicFilters = new ArrayList<>();
    private String sharedGroup = "flink-bridge";
    private MqttAckMode ackMode = MqttAckMode.ON_CHECKPOINT;
    private int receiveMaximum = 1024;
    private int sessionsPerSubtask = 1;
    private MqttDuplicateDetection duplicateDetection = MqttDuplicateDetection.fingerprint();
    private MqttDeserializationSchema<T> deserializer;

    MqttSourceBuilder() {}

    public MqttSourceBuilder<T> setBroker(MqttBrokerOptions broker) {
        this.broker = broker;
        return this;
    }

    public MqttSourceBuilder<T> setTopicFilters(List<String> filters) {
        this.topicFilters.clear();
        this.topicFilters.addAll(filters);
        return this;
    }

    /** Group name used in {@code $share/<group>/<filter>} when the source runs with parallelism > 1. */
    public MqttSourceBuilder<T> setSharedGroup(String sharedGroup) {
        this.sharedGroup = sharedGroup;
        return this;
    }

    public MqttSourceBuilder<T> setAckMode(MqttAckMode ackMode) {
        this.ackMode = ackMode;
        return this;
    }

    public MqttSourceBuilder<T> setReceiveMaximum(int receiveMaximum) {
        this.receiveMaximum = receiveMaximum;
        return this;
    }

    /** Several MQTT sessions per subtask, in one shared-subscription group, multiply the in-flight window. */
    public MqttSourceBuilder<T> setSessionsPerSubtask(int sessionsPerSubtask) {
        this.sessionsPerSubtask = sessionsPerSubtask;
        return this;
    }

    /** How a redelivered message is recognised; default: a fingerprint of its content. */
    public MqttSourceBuilder<T> setDuplicateDetection(MqttDuplicateDetection duplicateDetection) {
        this.duplicateDetection = duplicateDetection;
        return this;
    }

    public MqttSourceBuilder<T> setDeserializer(MqttDeserializationSchema<T> deserializer) {
        this.deserializer = deserializer;
        return this;
    }

    public MqttSource<T> build() {
        if (broker == null) {
            throw new IllegalArgumentException("broker: not set");
        }
        if (topicFilters.isEmpty()) {
            throw new IllegalArgumentException("topic filters: at least one is required");
        }
        for (String f : topicFilters) {
            TopicFilters.validateFilter(f);
        }
        if (receiveMaximum < 1 || receiveMaximum > 65535) {
            throw new IllegalArgumentException("receive_maximum: " + receiveMaximum + " is not in 1..65535");
        }
        if (sessionsPerSubtask < 1 || sessionsPerSubtask > 64) {
            throw new IllegalArgumentException("sessions_per_subtask: " + sessionsPerSubtask + " is not in 1..64");
        }
        if (deserializer == null) {
            throw new IllegalArgumentException("deserializer: not set");
        }
        return new MqttSource<>(new MqttSourceOptions(broker, TopicFilters.minimalCover(topicFilters),
                sharedGroup, ackMode, receiveMaximum, sessionsPerSubtask, duplicateDetection), deserializer);
    }
}
