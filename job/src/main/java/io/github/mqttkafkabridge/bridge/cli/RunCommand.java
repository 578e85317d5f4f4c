package io.github.mqttkafkabridge.bridge.cli;

import io.github.mqttkafkabridge.bridge.BridgeJob;
import io.github.mqttkafkabridge.bridge.BridgePipeline;
import io.github.mqttkafkabridge.bridge.config.BridgeConfig;
import io.github.mqttkafkabridge.bridge.config.BridgeConfigLoader;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code run --conf FILE}: the bridge on a local Flink against the brokers named in FILE, checkpointing into a
 * state directory and resuming from it when started again (see {@link LocalState}).
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the bridge on a local Flink (web UI on --web-ui-port) against the brokers in --conf.")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--conf", required = true, description = "Bridge configuration (HOCON), e.g. conf/bridge.conf")
    Path conf;

    @Option(names = "--web-ui-port", defaultValue = "8081", description = "Flink web UI port (default: ${DEFAULT-VALUE})")
    int webUiPort;

    @Override
    public Integer call() throws Exception {
        BridgeConfig config = BridgeConfigLoader.load(conf);
        Configuration flink = LocalFlink.webUi(webUiPort);
        if (config.job().checkpointInterval().toMillis() > 0) {
            Path stateDir = config.job().stateDir() != null ? config.job().stateDir() : LocalState.defaultDir(conf);
            Optional<Path> resumed = LocalState.apply(flink, stateDir);
            System.err.println(resumed.map(p -> "Resuming from checkpoint " + p)
                    .orElse("No checkpoint in " + stateDir + " yet: starting without state"));
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        BridgePipeline.build(env, config);
        System.err.println("Flink web UI: http://localhost:" + webUiPort);
        env.execute(BridgeJob.JOB_NAME);
        return 0;
    }
}
