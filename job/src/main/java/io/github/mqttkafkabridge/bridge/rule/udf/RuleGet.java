package io.github.mqttkafkabridge.bridge.rule.udf;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Arrays;

/** {@code RULE_GET(value, step...)}: EMQX path lookup; the strict variant fails on a non-JSON payload. */
public final class RuleGet extends RuleValueFunction {
    /**
     * The last value this thread decoded. A rule reads several paths of the same payload (and the compiled CASE
     * reads a condition's path again for the output), each call site with its own function instance: one cache
     * per thread lets them all share one parse of the payload.
     */
    private static final ThreadLocal<Object[]> LAST_DECODED = ThreadLocal.withInitial(() -> new Object[2]);
    /** Below this length parsing is cheaper than comparing with the cached text. */
    private static final int CACHE_FROM_LENGTH = 64;

    private final boolean strict;
    private transient String[] lastStepTexts;
    private transient JsonNode[] lastSteps;

    public RuleGet(boolean strict) {
        this.strict = strict;
    }

    public String eval(String... args) {
        for (String a : args) {
            if (Json.isError(a)) {
                return a;
            }
        }
        try {
            return Json.write(PathWalker.walk(decoded(args[0]), steps(args), strict));
        } catch (RuleEvaluationException e) {
            return Json.error(e.getMessage());
        } catch (RuntimeException e) {
            return Json.error(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The steps are the call site's constants: parsed once while they stay the same. */
    private JsonNode[] steps(String[] args) {
        String[] texts = Arrays.copyOfRange(args, 1, args.length);
        if (!Arrays.equals(texts, lastStepTexts)) {
            JsonNode[] steps = new JsonNode[texts.length];
            for (int i = 0; i < texts.length; i++) {
                steps[i] = Json.read(texts[i]);
            }
            lastSteps = steps;
            lastStepTexts = texts;
        }
        return lastSteps;
    }

    /** The value, with a string holding a JSON object or array already decoded (PathWalker would do it). */
    private static JsonNode decoded(String text) {
        if (text == null) {
            return null;
        }
        boolean cacheable = text.length() >= CACHE_FROM_LENGTH;
        Object[] last = cacheable ? LAST_DECODED.get() : null;
        if (cacheable && text.equals(last[0])) {
            return (JsonNode) last[1];
        }
        JsonNode node = Json.read(text);
        if (node != null && node.isTextual()) {
            JsonNode inner = Json.tryParse(node.textValue());
            if (inner != null && inner.isContainerNode()) {
                node = inner;
            }
        }
        if (cacheable) {
            last[0] = text;
            last[1] = node;
        }
        return node;
    }
}
