package io.github.mqttkafkabridge.bridge.kafka;

import io.github.mqttkafkabridge.bridge.config.KafkaSourceSettings;

import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.types.Row;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Builds the Flink {@link KafkaSource} of one {@code kafka_consumer} source. Offsets live in Flink's
 * checkpoints; they are committed to the consumer group on checkpoint completion, for monitoring and as the
 * starting point of a fresh deployment.
 */
public final class KafkaSourceFactory {
    private KafkaSourceFactory() {}

    public static KafkaSource<Row> create(KafkaSourceSettings settings, String node) {
        OffsetResetStrategy reset = settings.offsetResetPolicy() == KafkaSourceSettings.OffsetResetPolicy.EARLIEST
                ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST;
        return KafkaSource.<Row>builder()
                .setProperties(settings.connection().toClientProperties())
                .setBootstrapServers(settings.connection().bootstrapHosts())
                .setTopics(settings.topic())
                .setGroupId(settings.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(reset))
                .setDeserializer(new KafkaEventDeserializer(settings.name(), node))
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("client.id.prefix", "bridge-" + settings.name())
                .build();
    }
}
