package io.github.mqttkafkabridge.mqtt.testutil;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.time.Duration;

/** Restart behaviour of test jobs. */
public final class TestJobs {
    private TestJobs() {}

    /** Restarts quickly after the failures a test injects. */
    public static void restartAfterFailures(StreamExecutionEnvironment env, int attempts) {
        Configuration restart = new Configuration();
        restart.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, attempts);
        restart.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200));
        env.configure(restart);
    }

    /** The first failure ends the job, so a test can read its error. */
    public static void failOnFirstError(StreamExecutionEnvironment env) {
        Configuration none = new Configuration();
        none.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        env.configure(none);
    }
}
