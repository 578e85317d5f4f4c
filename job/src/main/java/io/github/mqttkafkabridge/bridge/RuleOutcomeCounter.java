package io.github.mqttkafkabridge.bridge;

import io.github.mqttkafkabridge.bridge.rule.RuleOutcome;
import io.github.mqttkafkabridge.bridge.value.RuleError;
import io.github.mqttkafkabridge.mqtt.common.RateLimitedWarning;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.types.Row;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator {@code rule:<id>}: counts each message its FROM clause matched with EMQX's rule metric names
 * ({@code matched}, {@code passed}, {@code failed}, {@code failed_exception}, {@code failed_no_result}; EMQX
 * writes the last two with a ".", which Flink's web UI and reporters show as "_"), logs exceptions with the
 * function and the reason (rate-limited), and passes the outputs of the messages that passed on to the actions.
 */
final class RuleOutcomeCounter extends RichFlatMapFunction<Row, JsonNode> {
    private static final Logger LOG = LoggerFactory.getLogger(RuleOutcomeCounter.class);

    private final String ruleId;
    private transient Counter matched;
    private transient Counter passed;
    private transient Counter failed;
    private transient Counter failedException;
    private transient Counter failedNoResult;
    private transient RateLimitedWarning warning;

    RuleOutcomeCounter(String ruleId) {
        this.ruleId = ruleId;
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        matched = metrics.counter("matched");
        passed = metrics.counter("passed");
        failed = metrics.counter("failed");
        failedException = metrics.counter("failed_exception");
        failedNoResult = metrics.counter("failed_no_result");
        warning = new RateLimitedWarning(LOG);
    }

    @Override
    public void flatMap(Row row, Collector<JsonNode> out) {
        Object output = row.getField(0);
        matched.inc();
        switch (RuleOutcome.of(output)) {
            case PASSED:
                passed.inc();
                out.collect((JsonNode) output);
                break;
            case NO_RESULT:
                failed.inc();
                failedNoResult.inc();
                break;
            default:
                failed.inc();
                failedException.inc();
                RuleError error = (RuleError) output;
                warning.warn("Rule " + ruleId, "function " + error.function() + " failed: " + error.reason());
        }
    }
}
