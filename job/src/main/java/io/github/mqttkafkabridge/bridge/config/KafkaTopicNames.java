package io.github.mqttkafkabridge.bridge.config;

import java.util.regex.Pattern;

/** Kafka's rule for topic names, checked before a record reaches the producer. */
public final class KafkaTopicNames {
    public static final String RULE = "1 to 249 characters of a-z, A-Z, 0-9, '.', '_' and '-', not . or ..";
    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private KafkaTopicNames() {}

    public static boolean isValid(String topic) {
        return LEGAL.matcher(topic).matches() && !topic.equals(".") && !topic.equals("..");
    }
}
