package io.github.mqttkafkabridge.bridge.kafka;

import io.github.mqttkafkabridge.bridge.config.KafkaProducerAction;
import io.github.mqttkafkabridge.bridge.config.KafkaTopicNames;
import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RenderException;
import io.github.mqttkafkabridge.bridge.value.RenderInput;
import io.github.mqttkafkabridge.bridge.value.RuleValueTypeInfo;
import io.github.mqttkafkabridge.bridge.value.Template;
import io.github.mqttkafkabridge.bridge.value.Template.MissingPolicy;
import io.github.mqttkafkabridge.mqtt.common.RateLimitedWarning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns a rule output into the Kafka record of one {@code kafka_producer} action with EMQX's template rules (a
 * missing key or value renders empty and is written as Kafka null; a timestamp that is not an integer means now)
 * and checks, before the sink, what would otherwise fail or stall the Kafka producer: a topic that cannot be
 * rendered, is not a legal name, or does not exist; a record too large for the topic; malformed headers. Such a
 * message goes to the action's dead-letter topic, or is counted in {@code failed} and logged (rate-limited); it
 * never stops the job. With {@code fallback_actions} it is also handed to them on the side output
 * {@link #FALLBACK}: the rule output plus a {@code fallback} object naming the action, the reason and the detail.
 *
 * <p>Metrics on this operator (named after the action), with EMQX's names: {@code matched}, {@code success}
 * (records covered by a completed checkpoint, i.e. committed), {@code inflight} (handed to the sink, not yet
 * committed), {@code failed}, {@code dead_lettered} and {@code dropped} (always 0: the pipeline back-pressures
 * instead of dropping).
 */
public final class KafkaActionRenderer extends ProcessFunction<JsonNode, KafkaOutRecord>
        implements CheckpointedFunction, CheckpointListener {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaActionRenderer.class);
    /** The messages this action could not deliver, for its fallback actions. */
    public static final OutputTag<JsonNode> FALLBACK = new OutputTag<>("fallback", RuleValueTypeInfo.OUTPUT);

    private final KafkaProducerAction action;
    private transient String lastValidTopic;
    private final boolean checkpointing;

    private transient Counter matched;
    private transient Counter success;
    private transient Counter failed;
    private transient Counter deadLettered;
    private transient RateLimitedWarning warning;
    private transient TopicCatalog catalog;
    /** Records handed to the sink since the last checkpoint barrier. */
    private transient long sinceBarrier;
    /** Records per pending checkpoint, until that checkpoint completes (then the sink has committed them). */
    private transient SortedMap<Long, Long> awaitingCommit;
    private transient volatile long inflight;

    /** @param checkpointing whether the job checkpoints; without checkpoints a record is a success once sent */
    public KafkaActionRenderer(KafkaProducerAction action, boolean checkpointing) {
        this.action = action;
        this.checkpointing = checkpointing;
    }

    @Override
    public void open(OpenContext openContext) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        matched = metrics.counter("matched");
        success = metrics.counter("success");
        failed = metrics.counter("failed");
        deadLettered = metrics.counter("dead_lettered");
        metrics.counter("dropped");
        metrics.gauge("inflight", () -> inflight);
        warning = new RateLimitedWarning(LOG);
        awaitingCommit = new TreeMap<>();
        catalog = new TopicCatalog(action.connection(), action.tuning().partitionCountRefreshInterval().toMillis());
        if (action.topic().isLiteral()) {
            // Meet the brokers at start-up: a certificate or connection problem shows now, not at the first message.
            catalog.lookup(action.topic().source());
        }
        if (action.hasDeadLetterTopic()) {
            TopicCatalog.TopicInfo info = catalog.lookup(action.deadLetterTopic());
            if (info != null && !info.exists()) {
                throw new IllegalStateException("Action " + action.actionId() + ": dead_letter.topic \""
                        + action.deadLetterTopic() + "\" does not exist on " + action.connection().bootstrapHosts()
                        + "; create it, or remove parameters.dead_letter");
            }
        }
    }

    @Override
    public void processElement(JsonNode output, Context ctx, Collector<KafkaOutRecord> out) {
        matched.inc();
        long now = System.currentTimeMillis();
        KafkaOutRecord record;
        RenderInput input = new RenderInput(output);
        try {
            record = render(action, input, now);
            check(record);
        } catch (UndeliverableRecordException e) {
            undeliverable(input, e, now, out);
            if (!action.fallbackActions().isEmpty()) {
                ctx.output(FALLBACK, withReason(output, e));
            }
            return;
        }
        out.collect(record);
        if (checkpointing) {
            sinceBarrier++;
            inflight++;
        } else {
            success.inc();
        }
    }

    private void check(KafkaOutRecord record) {
        // Most actions write to one topic: the regular expression runs when the topic changes, not per record.
        if (!record.topic.equals(lastValidTopic)) {
            if (!KafkaTopicNames.isValid(record.topic)) {
                throw new UndeliverableRecordException(DeadLetterReason.INVALID_TOPIC, "topic \"" + record.topic
                        + "\" (from " + action.topic() + ") is not a Kafka topic name: " + KafkaTopicNames.RULE);
            }
            lastValidTopic = record.topic;
        }
        TopicCatalog.TopicInfo info = catalog.lookup(record.topic);
        if (info != null && !info.exists() && !action.connection().allowAutoTopicCreation()) {
            throw new UndeliverableRecordException(DeadLetterReason.UNKNOWN_TOPIC, "topic \"" + record.topic
                    + "\" does not exist on " + action.connection().bootstrapHosts());
        }
        int limit = limit(info);
        int size = record.sizeUpperBound();
        if (size > limit) {
            throw new UndeliverableRecordException(DeadLetterReason.TOO_LARGE, "a record of " + size
                    + " bytes is larger than the " + limit + " bytes topic \"" + record.topic + "\" accepts");
        }
    }

    private static int limit(TopicCatalog.TopicInfo info) {
        int topicLimit = info == null || !info.exists() ? TopicCatalog.DEFAULT_MAX_MESSAGE_BYTES : info.maxMessageBytes();
        return Math.min(topicLimit, KafkaSinkFactory.MAX_REQUEST_SIZE);
    }

    private void undeliverable(RenderInput output, UndeliverableRecordException e, long now, Collector<KafkaOutRecord> out) {
        if (action.hasDeadLetterTopic()) {
            out.collect(DeadLetters.record(action, output, e.reason(), e.getMessage(), now,
                    limit(catalog.lookup(action.deadLetterTopic()))));
            deadLettered.inc();
            warning.warn("Action " + action.actionId(), e.reason().code() + ": " + e.getMessage()
                    + " (written to dead-letter topic " + action.deadLetterTopic() + ")");
        } else {
            failed.inc();
            warning.warn("Action " + action.actionId(), e.reason().code() + ": " + e.getMessage());
        }
    }

    /** The rule output with {@code fallback: {action, reason, detail}}, which fallback templates can read. */
    private JsonNode withReason(JsonNode output, UndeliverableRecordException e) {
        ObjectNode reason = Json.NODES.objectNode()
                .put("action", action.actionId())
                .put("reason", e.reason().code())
                .put("detail", e.getMessage());
        ObjectNode copy = output.isObject() ? ((ObjectNode) output).deepCopy() : Json.NODES.objectNode();
        copy.set("fallback", reason);
        return copy;
    }

    /** The record for one rule output; package-private for tests. */
    static KafkaOutRecord render(KafkaProducerAction action, RenderInput input, long now) {
        String topic;
        try {
            topic = action.topic().render(input, MissingPolicy.FAIL);
        } catch (RenderException e) {
            throw new UndeliverableRecordException(DeadLetterReason.TOPIC_RENDER_FAILED, e.getMessage());
        }
        if (topic.isEmpty()) {
            throw new UndeliverableRecordException(DeadLetterReason.TOPIC_RENDER_FAILED, "topic template "
                    + action.topic() + " rendered an empty topic");
        }
        byte[] key = action.key().renderBytes(input, MissingPolicy.EMPTY);
        byte[] value = action.value().renderBytes(input, MissingPolicy.EMPTY);
        long timestamp = timestamp(action.timestamp(), input, now);
        KafkaHeaderRenderer.Headers headers;
        try {
            headers = KafkaHeaderRenderer.render(action.headers(), input);
        } catch (RenderException e) {
            throw new UndeliverableRecordException(DeadLetterReason.MALFORMED_HEADERS, e.getMessage());
        }
        return new KafkaOutRecord(topic, key.length == 0 ? null : key, value.length == 0 ? null : value, timestamp,
                headers.keys().toArray(new String[0]), headers.values().toArray(new byte[0][]));
    }

    /**
     * The record timestamp: an integer (or a string of digits) from the template, else now. Checked without
     * exceptions: a template whose variable is missing renders empty on every message of such rules.
     */
    private static long timestamp(Template template, RenderInput input, long now) {
        if (template.isSingleVariable()) {
            JsonNode v = template.lookupSingle(input);
            if (v != null && v.isIntegralNumber() && v.canConvertToLong()) {
                return v.longValue();
            }
            return v != null && v.isTextual() ? millis(v.textValue(), now) : now;
        }
        return millis(template.render(input, MissingPolicy.EMPTY), now);
    }

    private static long millis(String text, long now) {
        String s = text.trim();
        int first = s.startsWith("-") ? 1 : 0;
        if (s.length() == first || s.length() > 20) {
            return now;
        }
        for (int i = first; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return now;
            }
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException overflow) {
            return now;
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        if (sinceBarrier > 0) {
            awaitingCommit.merge(context.getCheckpointId(), sinceBarrier, Long::sum);
            sinceBarrier = 0;
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        SortedMap<Long, Long> committed = awaitingCommit.headMap(checkpointId + 1);
        long n = 0;
        for (Map.Entry<Long, Long> e : committed.entrySet()) {
            n += e.getValue();
        }
        committed.clear();
        success.inc(n);
        inflight -= n;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        // Nothing to restore: records of an unfinished checkpoint are replayed from the source after a failure.
    }

    @Override
    public void close() {
        if (catalog != null) {
            catalog.close();
        }
    }
}
