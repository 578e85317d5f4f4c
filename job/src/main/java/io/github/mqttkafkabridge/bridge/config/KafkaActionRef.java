package io.github.mqttkafkabridge.bridge.config;

/** {@code "kafka_producer:<name>"} in a rule's actions. */
public record KafkaActionRef(String actionName) implements RuleAction {}
