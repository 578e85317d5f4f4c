package io.github.mqttkafkabridge.mqtt.source;

import io.github.mqttkafkabridge.mqtt.common.MqttBrokerOptions;

import java.io.Serializable;
import java.util.List;

/** Immutable source settings shared by the DataStream builder and the job. */
public final class MqttSourceOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    private final MqttBrokerOptions broker;
    private final List<String> topicFilters;
    private final String sharedGroup;
    private final MqttAckMode ackMode;
    private final int receiveMaximum;
    private final int sessionsPerSubtask;
    private final MqttDuplicateDetection duplicateDetection;

    MqttSourceOptions(MqttBrokerOptions broker, List<String> topicFilters, String sharedGroup,
                      MqttAckMode ackMode, int receiveMaximum, int sessionsPerSubtask,
                      MqttDuplicateDetection duplicateDetection) {
        this.broker = broker;
        this.topicFilters = List.copyOf(topicFilters);
        this.sharedGroup = sharedGroup;
        this.ackMode = ackMode;
        this.receiveMaximum = receiveMaximum;
        this.sessionsPerSubtask = sessionsPerSubtask;
        this.duplicateDetection = duplicateDetection;
    }

    public MqttBrokerOptions broker() {
        return broker;
    }

    public List<String> topicFilters() {
        return topicFilters;
    }

    public String sharedGroup() {
        return sharedGroup;
    }

    public MqttAckMode ackMode() {
        return ackMode;
    }

    public int receiveMaximum() {
        return receiveMaximum;
    }

    /** MQTT sessions each subtask runs in the same shared-subscription group (more in-flight window). */
    public int sessionsPerSubtask() {
        return sessionsPerSubtask;
    }

    public MqttDuplicateDetection duplicateDetection() {
        return duplicateDetection;
    }

    @Override
    public String toString() {
        return "MqttSourceOptions{broker=" + broker + ", topicFilters=" + topicFilters + ", sharedGroup="
                + sharedGroup + ", ackMode=" + ackMode + ", receiveMaximum=" + receiveMaximum + ", sessionsPerSubtask=" + sessionsPerSubtask
                + ", dedupId=" + duplicateDetection + "}";
    }
}
