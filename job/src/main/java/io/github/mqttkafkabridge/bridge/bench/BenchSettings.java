package io.github.mqttkafkabridge.bridge.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * What one {@code bench} invocation measures.
 *
 * @param rate messages per second in total, 0 for as fast as the brokers acknowledge
 * @param receiveMaximum the bridge's MQTT in-flight window ({@code mqtt.receive_maximum})
 * @param brokerInflight how many unacknowledged messages the in-JVM broker sends a client (its in-flight window)
 * @param conf a bridge configuration whose {@code mqtt} block and first Kafka producer connector name real
 *     brokers, or null for in-JVM brokers
 */
public record BenchSettings(long messages, int payloadBytes, int qos, int publishers, String rule, String guarantee,
                            int parallelism, Duration checkpointInterval, int receiveMaximum, int brokerInflight, double rate,
                            boolean raw, Path conf, Path output) {}
