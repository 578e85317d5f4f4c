package io.github.mqttkafkabridge.bridge.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code flink { ... }} block: how the job runs. {@code stateDir} ({@code flink.state_dir}, resolved against
 * the configuration's directory) is where {@code run} keeps its checkpoints; null for the default next to the
 * configuration file.
 */
public record JobSettings(Duration checkpointInterval, int parallelism, Path stateDir) {}
