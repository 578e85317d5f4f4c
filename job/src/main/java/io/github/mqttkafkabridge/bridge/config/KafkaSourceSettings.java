package io.github.mqttkafkabridge.bridge.config;

import java.io.Serializable;

/** A {@code sources.kafka_consumer.<name>} entry. */
public record KafkaSourceSettings(String name, KafkaConnection connection, String topic, String groupId,
                                  OffsetResetPolicy offsetResetPolicy) implements Serializable {

    /** {@code parameters.offset_reset_policy}: where to start when the group has no committed offset. */
    public enum OffsetResetPolicy { LATEST, EARLIEST }
}
