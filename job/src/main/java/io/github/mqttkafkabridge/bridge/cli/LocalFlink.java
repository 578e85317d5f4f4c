package io.github.mqttkafkabridge.bridge.cli;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** A Flink mini cluster in this JVM with the web UI, for {@code run} and {@code demo}. */
final class LocalFlink {
    private LocalFlink() {}

    static StreamExecutionEnvironment withWebUi(int port) {
        return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(webUi(port));
    }

    /** The configuration of a local cluster with the web UI on {@code port}. */
    static Configuration webUi(int port) {
        Configuration conf = new Configuration();
        conf.set(RestOptions.PORT, port);
        conf.set(RestOptions.BIND_ADDRESS, "0.0.0.0");
        return conf;
    }
}
