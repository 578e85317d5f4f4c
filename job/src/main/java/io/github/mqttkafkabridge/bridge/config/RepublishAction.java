package io.github.mqttkafkabridge.bridge.config;

import io.github.mqttkafkabridge.bridge.template.Template;

import java.io.Serializable;

/**
 * {@code {function = republish, args = {...}}}. {@code qos} and {@code retain} are literals or single
 * {@code ${var}} templates, as in EMQX.
 */
public record RepublishAction(Template topic, Template payload, Template qos, Template retain)
        implements RuleAction, Serializable {}
