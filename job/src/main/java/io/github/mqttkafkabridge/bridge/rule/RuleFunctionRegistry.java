package io.github.mqttkafkabridge.bridge.rule;

import io.github.mqttkafkabridge.bridge.rule.udf.EmqxFunction;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleArithmetic;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleArray;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleCompare;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleExplode;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleRepublishedBy;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleFunctions;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleGet;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleIn;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleIsError;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleIsTrue;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleLogic;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleOutput;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleMetadata;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleOnce;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleOrElse;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleRanges;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleValueOf;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleTopicMatch;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleWindowValues;

import org.apache.flink.table.api.TableEnvironment;

/** Registers the functions compiled rules call, once per table environment. */
public final class RuleFunctionRegistry {
    private RuleFunctionRegistry() {}

    public static void registerAll(TableEnvironment tEnv) {
        tEnv.createTemporarySystemFunction("RULE_VALUE", new RuleValueOf());
        tEnv.createTemporarySystemFunction("ONCE", new RuleOnce());
        tEnv.createTemporarySystemFunction("RULE_METADATA", new RuleMetadata());
        tEnv.createTemporarySystemFunction("RULE_GET", new RuleGet(false));
        tEnv.createTemporarySystemFunction("RULE_GET_STRICT", new RuleGet(true));
        tEnv.createTemporarySystemFunction("RULE_CMP", new RuleCompare());
        tEnv.createTemporarySystemFunction("RULE_AND", new RuleLogic("and"));
        tEnv.createTemporarySystemFunction("RULE_OR", new RuleLogic("or"));
        tEnv.createTemporarySystemFunction("RULE_NOT", new RuleLogic("not"));
        tEnv.createTemporarySystemFunction("RULE_ARITH", new RuleArithmetic());
        tEnv.createTemporarySystemFunction("RULE_IN", new RuleIn());
        tEnv.createTemporarySystemFunction("RULE_ARRAY", new RuleArray());
        tEnv.createTemporarySystemFunction("RULE_TRUE", new RuleIsTrue());
        tEnv.createTemporarySystemFunction("RULE_IS_ERROR", new RuleIsError());
        tEnv.createTemporarySystemFunction("RULE_OUTPUT", new RuleOutput());
        tEnv.createTemporarySystemFunction("RULE_TOPIC_MATCH", new RuleTopicMatch());
        tEnv.createTemporarySystemFunction("RULE_EXPLODE", new RuleExplode());
        tEnv.createTemporarySystemFunction("RULE_OR_ELSE", new RuleOrElse());
        tEnv.createTemporarySystemFunction("RULE_RANGE", new RuleRanges.Generate());
        tEnv.createTemporarySystemFunction("RULE_SUBLIST", new RuleRanges.Sublist());
        tEnv.createTemporarySystemFunction("RULE_REPUBLISHED_BY", new RuleRepublishedBy());
        tEnv.createTemporarySystemFunction("RULE_NUMBER", new RuleWindowValues.ToNumber());
        tEnv.createTemporarySystemFunction("RULE_FROM_NUMBER", new RuleWindowValues.FromNumber());
        tEnv.createTemporarySystemFunction("RULE_EPOCH_MILLIS", new RuleWindowValues.EpochMillis());
        tEnv.createTemporarySystemFunction("RULE_KEY", new RuleWindowValues.ToKey());
        tEnv.createTemporarySystemFunction("RULE_FROM_KEY", new RuleWindowValues.FromKey());
        for (String name : RuleFunctions.names()) {
            tEnv.createTemporarySystemFunction("EMQX_" + name.toUpperCase(), new EmqxFunction(name));
        }
    }
}
