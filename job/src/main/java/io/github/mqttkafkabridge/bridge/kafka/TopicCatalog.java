package io.github.mqttkafkabridge.bridge.kafka;

import io.github.mqttkafkabridge.bridge.config.KafkaConnection;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the bridge must know about a topic before handing a record to the Kafka sink: whether it exists and how
 * large a record it accepts. A record for a missing topic would block the producer and then fail the job, so
 * such records are caught before the sink. Answers are cached: existing topics for the connector's metadata
 * refresh interval, missing ones briefly, so a topic created later is picked up.
 */
final class TopicCatalog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicCatalog.class);
    /** Kafka's broker default for message.max.bytes, used when a topic's configuration cannot be read. */
    static final int DEFAULT_MAX_MESSAGE_BYTES = 1048588;
    private static final long MISSING_TTL_MS = 5_000;
    private static final int MAX_ENTRIES = 10_000;

    /** A topic as the producer will see it; {@code exists == false} means the broker does not know it. */
    record TopicInfo(boolean exists, int maxMessageBytes) {}

    private record Entry(TopicInfo info, long expiresAt) {}

    private final KafkaConnection connection;
    private final Admin admin;
    private final long timeoutMs;
    private final long existingTtlMs;
    private final Map<String, Entry> cache = new HashMap<>();

    TopicCatalog(KafkaConnection connection, long existingTtlMs) {
        this.connection = connection;
        var props = connection.toClientProperties();
        props.setProperty("client.id", "bridge-topic-catalog-" + connection.name());
        this.admin = Admin.create(props);
        this.timeoutMs = connection.metadataRequestTimeout().toMillis();
        this.existingTtlMs = existingTtlMs;
    }

    /**
     * The topic's state, or null when the brokers did not answer in time (the caller lets the record through:
     * the sink then reports the outage as it would without this check). A broker certificate that fails
     * verification throws, with the fixes in the message.
     */
    TopicInfo lookup(String topic) {
        long now = System.currentTimeMillis();
        Entry cached = cache.get(topic);
        if (cached != null && cached.expiresAt > now) {
            return cached.info;
        }
        TopicInfo info = fetch(topic);
        if (info != null) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(topic, new Entry(info, now + (info.exists ? existingTtlMs : MISSING_TTL_MS)));
        }
        return info;
    }

    private TopicInfo fetch(String topic) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        KafkaFuture<?> description = admin.describeTopics(List.of(topic)).allTopicNames();
        KafkaFuture<Map<ConfigResource, Config>> configs = admin.describeConfigs(List.of(resource)).all();
        try {
            description.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return new TopicInfo(false, 0);
            }
            String untrusted = connection.untrustedCertificate(e);
            if (untrusted != null) {
                throw new IllegalStateException(untrusted, e.getCause());
            }
            LOG.warn("Could not look up Kafka topic {}: {}", topic, e.getCause().toString());
            return null;
        } catch (TimeoutException e) {
            LOG.warn("Kafka did not describe topic {} within {} ms (metadata_request_timeout)", topic, timeoutMs);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return new TopicInfo(true, maxMessageBytes(configs, resource));
    }

    private int maxMessageBytes(KafkaFuture<Map<ConfigResource, Config>> configs, ConfigResource resource) {
        try {
            ConfigEntry entry = configs.get(timeoutMs, TimeUnit.MILLISECONDS).get(resource).get("max.message.bytes");
            return entry == null || entry.value() == null ? DEFAULT_MAX_MESSAGE_BYTES : Integer.parseInt(entry.value());
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            // Reading topic configurations needs DescribeConfigs rights; without them assume the broker default.
            return DEFAULT_MAX_MESSAGE_BYTES;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DEFAULT_MAX_MESSAGE_BYTES;
        }
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
