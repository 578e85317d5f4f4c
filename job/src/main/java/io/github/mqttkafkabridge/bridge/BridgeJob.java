package io.github.mqttkafkabridge.bridge;

import io.github.mqttkafkabridge.bridge.config.BridgeConfig;
import io.github.mqttkafkabridge.bridge.config.BridgeConfigLoader;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Path;

/** Entry point for a Flink cluster: {@code flink run bridge.jar --conf /path/to/bridge.conf}. */
public final class BridgeJob {
    public static final String JOB_NAME = "mqtt-kafka-bridge";

    private BridgeJob() {}

    public static void main(String[] args) throws Exception {
        Path conf = null;
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--conf")) {
                conf = Path.of(args[i + 1]);
            }
        }
        if (conf == null) {
            throw new IllegalArgumentException("usage: flink run bridge.jar --conf /path/to/bridge.conf");
        }
        BridgeConfig config = BridgeConfigLoader.load(conf);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        BridgePipeline.build(env, config);
        env.execute(JOB_NAME);
    }
}
