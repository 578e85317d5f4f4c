package io.github.mqttkafkabridge.bridge.cli;

import io.github.mqttkafkabridge.bridge.BridgePipeline;
import io.github.mqttkafkabridge.bridge.rule.CompiledRule;
import io.github.mqttkafkabridge.bridge.rule.RuleCompiler;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code rule explain --sql TEXT}: prints the Flink SQL a rule compiles to. */
@Command(name = "explain", mixinStandardHelpOptions = true, description = "Print the Flink SQL a rule compiles to.")
final class RuleExplainCommand implements Callable<Integer> {
    @Mixin
    RuleSqlInput input;

    @Override
    public Integer call() throws Exception {
        String sql = input.read();
        if (sql == null) {
            throw new IllegalArgumentException("give --sql or --sql-file");
        }
        CompiledRule rule = RuleCompiler.compile("explained_rule", sql);
        String view = rule.source().isMqtt() ? BridgePipeline.MQTT_VIEW
                : BridgePipeline.kafkaView(rule.source().kafkaSourceName());
        System.out.println(rule.query(view).explain());
        return 0;
    }
}
