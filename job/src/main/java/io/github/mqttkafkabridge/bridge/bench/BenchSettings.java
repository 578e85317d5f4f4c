package io.github.mqttkafkabridge.bridge.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one {@code bench} invocation measures.
 *
 * @param rate messages per second in total, 0 for as fast as the brokers acknowledge
 * @param receiveMaximum the bridge's MQTT in-flight window ({@code mqtt.receive_maximum})
 * @param brokerInflight how many unacknowledged messages the in-JVM broker sends a client (its in-flight window)
 * @param conf a bridge configuration whose {@code mqtt} block and first Kafka producer connector name real
 *     brokers, or null for in-JVM brokers
 * @param value the Kafka action's value template
 * @param guarantees the bridge runs: one per delivery guarantee listed
 * @param processes run every broker and pipe as its own process and charge each pipe only its processes' CPU
 * @param warmupMessages messages through each pipe before the measured ones (process bench)
 * @param bridgeJvmOptions JVM options of the bridge process (process bench), {@code {pipe}} replaced by its name
 */
public record BenchSettings(long messages, int payloadBytes, int qos, int publishers, String rule, String value,
                            List<String> guarantees, int parallelism, Duration checkpointInterval, int receiveMaximum,
                            int brokerInflight, double rate, boolean raw, boolean cPipe, Path conf, Path output, boolean processes,
                            long warmupMessages, List<String> bridgeJvmOptions, String dedupId) {

    /** The first guarantee listed: the in-JVM bench runs the bridge once. */
    public String guarantee() {
        return guarantees.get(0);
    }
}
