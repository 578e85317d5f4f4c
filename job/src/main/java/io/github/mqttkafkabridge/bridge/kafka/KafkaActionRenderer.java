package io.github.mqttkafkabridge.bridge.kafka;

import io.github.mqttkafkabridge.bridge.config.KafkaProducerAction;
import io.github.mqttkafkabridge.bridge.template.RenderException;
import io.github.mqttkafkabridge.bridge.template.RenderInput;
import io.github.mqttkafkabridge.bridge.template.Template.MissingPolicy;
import io.github.mqttkafkabridge.bridge.util.RateLimitedWarning;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;

/**
 * Renders a rule output into the Kafka record of one {@code kafka_producer} action with EMQX's template rules:
 * a missing key or value renders empty and is written as Kafka null; a timestamp that is not an integer means
 * now; a topic that cannot be rendered fails the message (counted, logged) without stopping the job.
 */
public final class KafkaActionRenderer extends ProcessFunction<String, KafkaOutRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaActionRenderer.class);

    private final KafkaProducerAction action;
    private transient Counter matched;
    private transient Counter failed;
    private transient RateLimitedWarning warning;

    public KafkaActionRenderer(KafkaProducerAction action) {
        this.action = action;
    }

    @Override
    public void open(OpenContext openContext) {
        matched = getRuntimeContext().getMetricGroup().counter("matched");
        failed = getRuntimeContext().getMetricGroup().counter("failed");
        warning = new RateLimitedWarning(LOG);
    }

    @Override
    public void processElement(String output, Context ctx, Collector<KafkaOutRecord> out) {
        matched.inc();
        try {
            out.collect(render(action, new RenderInput(output), System.currentTimeMillis()));
        } catch (RenderException e) {
            failed.inc();
            warning.warn("Action " + action.actionId(), e.getMessage());
        }
    }

    /** The record for one rule output; package-private for tests. */
    static KafkaOutRecord render(KafkaProducerAction action, RenderInput input, long now) {
        String topic = action.topic().render(input, MissingPolicy.FAIL);
        if (topic.isEmpty()) {
            throw new RenderException("topic template " + action.topic() + " rendered an empty topic");
        }
        String key = action.key().render(input, MissingPolicy.EMPTY);
        String value = action.value().render(input, MissingPolicy.EMPTY);
        long timestamp;
        try {
            timestamp = Long.parseLong(action.timestamp().render(input, MissingPolicy.EMPTY).trim());
        } catch (NumberFormatException e) {
            timestamp = now;
        }
        KafkaHeaderRenderer.Headers headers = KafkaHeaderRenderer.render(action.headers(), input);
        return new KafkaOutRecord(topic, key.isEmpty() ? null : key.getBytes(StandardCharsets.UTF_8),
                value.isEmpty() ? null : value.getBytes(StandardCharsets.UTF_8), timestamp,
                headers.keys().toArray(new String[0]), headers.values().toArray(new byte[0][]));
    }
}
