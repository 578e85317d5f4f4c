package io.github.mqttkafkabridge.bridge.config;

import io.github.mqttkafkabridge.mqtt.common.MqttBrokerOptions;

import java.util.List;
import java.util.Map;

/** The whole validated bridge configuration. */
public record BridgeConfig(MqttBrokerOptions mqtt, MqttSourceSettings mqttSource, JobSettings job, Map<String, KafkaProducerAction> kafkaActions,
                           Map<String, KafkaSourceSettings> kafkaSources, List<RuleSpec> rules) {}
