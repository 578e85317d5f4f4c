package io.github.mqttkafkabridge.bridge.config;

import io.github.mqttkafkabridge.mqtt.common.MqttBrokerOptions;

import java.util.List;
import java.util.Map;

/**
 * The whole validated bridge configuration. {@code kafkaConnectors} holds every connector under its
 * {@code <type>.<name>} key (e.g. {@code kafka_producer.k}), also those no action or source uses yet.
 */
public record BridgeConfig(MqttBrokerOptions mqtt, MqttSourceSettings mqttSource, JobSettings job,
                           Map<String, KafkaConnection> kafkaConnectors, Map<String, KafkaProducerAction> kafkaActions,
                           Map<String, KafkaSourceSettings> kafkaSources, List<RuleSpec> rules) {}
