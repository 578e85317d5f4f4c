package io.github.mqttkafkabridge.bridge.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code rule test | explain}. */
@Command(name = "rule", mixinStandardHelpOptions = true, description = "Test rules and show their Flink SQL.",
        subcommands = {RuleTestCommand.class, RuleExplainCommand.class})
final class RuleCommand implements Runnable {
    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
