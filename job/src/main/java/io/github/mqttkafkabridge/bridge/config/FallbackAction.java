package io.github.mqttkafkabridge.bridge.config;

import java.io.Serializable;

/**
 * One entry of an action's {@code fallback_actions} (EMQX 5.9+): what runs for a message the action cannot
 * deliver, with the rule output and the reason.
 */
public sealed interface FallbackAction extends Serializable {

    /** {@code {kind = reference, type = kafka_producer, name = other}}: another Kafka action of this bridge. */
    record Reference(String actionName) implements FallbackAction {}

    /** {@code {kind = republish, args = {...}}}: the republish action's arguments, as in a rule. */
    record Republish(RepublishAction republish) implements FallbackAction {}
}
