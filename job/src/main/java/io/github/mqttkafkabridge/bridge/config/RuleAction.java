package io.github.mqttkafkabridge.bridge.config;

/** An entry of a rule's {@code actions} list. */
public sealed interface RuleAction permits KafkaActionRef, RepublishAction {}
