package io.github.mqttkafkabridge.bridge.config;

import java.util.List;

/** A {@code rule_engine.rules.<id>} entry with its SQL text already read. */
public record RuleSpec(String id, String sql, String sqlOrigin, List<RuleAction> actions) {}
