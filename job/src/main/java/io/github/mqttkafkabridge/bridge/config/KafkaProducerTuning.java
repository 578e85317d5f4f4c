package io.github.mqttkafkabridge.bridge.config;

import java.io.Serializable;
import java.time.Duration;
import java.util.Properties;

/**
 * EMQX's producer parameters that map to Kafka producer settings (see the table in the README). Parameters with
 * no Kafka equivalent are accepted by the configuration and documented there.
 */
public record KafkaProducerTuning(String compression, String acks, long maxBatchBytes, Duration maxLingerTime,
                                  int maxInflight, Duration partitionCountRefreshInterval)
        implements Serializable {

    /** Kafka allows at most 5 in-flight requests per connection with idempotence (and transactions). */
    static final int MAX_IDEMPOTENT_INFLIGHT = 5;

    public Properties toProducerProperties() {
        Properties p = new Properties();
        p.setProperty("compression.type", compression);
        p.setProperty("acks", acks);
        p.setProperty("batch.size", String.valueOf(Math.min(Integer.MAX_VALUE, maxBatchBytes)));
        p.setProperty("linger.ms", String.valueOf(maxLingerTime.toMillis()));
        p.setProperty("max.in.flight.requests.per.connection", String.valueOf(maxInflight));
        p.setProperty("metadata.max.age.ms", String.valueOf(partitionCountRefreshInterval.toMillis()));
        if (!acks.equals("all")) {
            // Idempotence (on by default) needs acks=all; a weaker acks setting asks for plain sends.
            p.setProperty("enable.idempotence", "false");
        }
        return p;
    }
}
