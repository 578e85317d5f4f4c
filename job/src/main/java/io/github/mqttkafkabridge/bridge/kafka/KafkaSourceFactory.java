package io.github.mqttkafkabridge.bridge.kafka;

import io.github.mqttkafkabridge.bridge.config.KafkaSourceSettings;

import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.types.Row;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.util.regex.Pattern;

/**
 * Builds the Flink {@link KafkaSource} of one {@code kafka_consumer} source. Offsets live in Flink's
 * checkpoints; they are committed to the consumer group on checkpoint completion, for monitoring and as the
 * starting point of a fresh deployment.
 */
public final class KafkaSourceFactory {
    /** How often a {@code topic_pattern} source looks for new topics and partitions. */
    static final String PARTITION_DISCOVERY_MS = "30000";

    private KafkaSourceFactory() {}

    public static KafkaSource<Row> create(KafkaSourceSettings settings, String node) {
        OffsetResetStrategy reset = settings.offsetResetPolicy() == KafkaSourceSettings.OffsetResetPolicy.EARLIEST
                ? OffsetResetStrategy.EARLIEST : OffsetResetStrategy.LATEST;
        KafkaSourceBuilder<Row> builder = KafkaSource.<Row>builder()
                .setProperties(settings.connection().toClientProperties())
                .setBootstrapServers(settings.connection().bootstrapHosts())
                .setGroupId(settings.groupId())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(reset))
                .setDeserializer(new KafkaEventDeserializer(settings, node))
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("client.id.prefix", "bridge-" + settings.name())
                // EMQX's max_batch_bytes and max_wait_time are the fetch size and wait.
                .setProperty("fetch.max.bytes", String.valueOf(settings.maxBatchBytes()))
                .setProperty("max.partition.fetch.bytes", String.valueOf(settings.maxBatchBytes()))
                .setProperty("fetch.max.wait.ms", String.valueOf(settings.maxWaitTime().toMillis()));
        if (settings.topicPattern() != null) {
            builder.setTopicPattern(Pattern.compile(settings.topicPattern()))
                    .setProperty("partition.discovery.interval.ms", PARTITION_DISCOVERY_MS);
        } else {
            builder.setTopics(settings.topics());
        }
        return builder.build();
    }
}
