package io.github.mqttkafkabridge.bridge.config;

import io.github.mqttkafkabridge.mqtt.source.MqttDuplicateDetection;

/** The source-side keys of {@code mqtt { ... }}: shared group, window, sessions and duplicate detection. */
public record MqttSourceSettings(String sharedSubscriptionGroup, int receiveMaximum, int sessionsPerSubtask,
                                 MqttDuplicateDetection duplicateDetection) {}
