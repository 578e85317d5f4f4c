package io.github.mqttkafkabridge.bridge.rule.udf;

import org.apache.flink.table.functions.ScalarFunction;

/** {@code RULE_STR(text)}: a text column as a rule value. */
public final class RuleText extends ScalarFunction {
    public String eval(String text) {
        return Json.quote(text);
    }
}
