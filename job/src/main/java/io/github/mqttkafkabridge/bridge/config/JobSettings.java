package io.github.mqttkafkabridge.bridge.config;

import java.time.Duration;

/** The {@code flink { ... }} block: how the job runs. */
public record JobSettings(Duration checkpointInterval, int parallelism) {}
