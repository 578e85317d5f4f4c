package io.github.mqttkafkabridge.bridge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar job/target/bridge-cli.jar <command>}. */
@Command(name = "bridge-cli", mixinStandardHelpOptions = true, version = "mqtt-kafka-bridge 0.1.0",
        description = "MQTT <-> Kafka bridge on Apache Flink, with EMQX-compatible rules.",
        subcommands = {DemoCommand.class, RunCommand.class, DeployCommand.class, CheckCommand.class, BenchCommand.class, RuleCommand.class, CommandLine.HelpCommand.class})
public final class BridgeCli implements Runnable {

    public static void main(String[] args) {
        // Logs go to stderr so that commands such as "rule test" print clean JSON lines on stdout.
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "log4j2-cli.xml");
        }
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new BridgeCli());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        return cl;
    }

    @Override
    public void run() {
        commandLine().usage(System.out);
    }
}
