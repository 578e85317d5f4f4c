package io.github.mqttkafkabridge.bridge.rule.udf;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.stream.Stream;

import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.EARLIER;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.UNDEFINED;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.assertError;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.j;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.json;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.payload;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.show;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code RULE_GET(value, step...)}: EMQX's path lookup ({@code payload.a[1].b}): keys and 1-based indices (negative
 * from the end), JSON text decoded on the way, undefined for anything that is not there.
 */
class RuleGetTest {
    private static final JsonNode ARR = j("[10,20,30]");
    private static final JsonNode DOC = j("{\"a\":{\"b\":1,\"list\":[{\"id\":\"x\"},{\"id\":\"y\"}],\"n\":null},"
            + "\"s\":\"{\\\"c\\\":5}\",\"text\":\"plain\",\"a.b\":\"dotted\",\"ключ\":\"v\"}");

    private static RuleCalls.Case get(String expected, Object base, Object... steps) {
        return get(false, expected, base, steps);
    }

    private static RuleCalls.Case get(boolean strict, String expected, Object base, Object... steps) {
        Object[] args = new Object[steps.length + 1];
        args[0] = base;
        System.arraycopy(steps, 0, args, 1, steps.length);
        String label = (strict ? "strict " : "") + show(base) + Arrays.toString(Arrays.stream(steps)
                .map(RuleCalls::show).toArray());
        return new RuleCalls.Case(label, () -> new RuleGet(strict).eval(args), expected, false);
    }

    private static RuleCalls.Case getFails(String reason, Object base, Object... steps) {
        Object[] args = new Object[steps.length + 1];
        args[0] = base;
        System.arraycopy(steps, 0, args, 1, steps.length);
        return new RuleCalls.Case("strict " + show(base) + Arrays.toString(Arrays.stream(steps).map(RuleCalls::show)
                .toArray()), () -> new RuleGet(true).eval(args), reason, true);
    }

    static Stream<RuleCalls.Case> paths() {
        return Stream.of(
                get("1", DOC, "a", "b"),
                get("{\"b\":1,\"list\":[{\"id\":\"x\"},{\"id\":\"y\"}],\"n\":null}", DOC, "a"),
                get("undefined", DOC, "missing"),
                get("undefined", DOC, "a", "missing"),
                get("undefined", DOC, "missing", "deeper"),
                get("null", DOC, "a", "n"),
                get("undefined", DOC, "a", "n", "x"),
                get("\"x\"", DOC, "a", "list", 1, "id"),
                get("\"y\"", DOC, "a", "list", -1, "id"),
                get("\"y\"", DOC, "a", "list", 2L, "id"),
                get("\"dotted\"", DOC, "a.b"),
                get("\"v\"", DOC, "ключ"),
                get("undefined", DOC, "A"),
                // text holding JSON is decoded at every step
                get("5", DOC, "s", "c"),
                get("undefined", DOC, "text", "c"),
                get("1", payload("{\"a\":1}"), "a"),
                get("1", payload("  {\"a\":1}"), "a"),
                // the last value stays text: only a step into it decodes it
                get("\"{\\\"c\\\":5}\"", payload("{\"a\":{\"b\":\"{\\\"c\\\":5}\"}}"), "a", "b"),
                get("5", payload("{\"a\":{\"b\":\"{\\\"c\\\":5}\"}}"), "a", "b", "c"),
                get("2", payload("[1,2]"), 2),
                get("3", "{\"x\":3}", "x"),
                // 1-based indices, negative from the end; 0 and out of range are undefined
                get("10", ARR, 1),
                get("20", ARR, 2),
                get("30", ARR, 3),
                get("30", ARR, -1),
                get("20", ARR, -2),
                get("10", ARR, -3),
                get("undefined", ARR, 0),
                get("undefined", ARR, 4),
                get("undefined", ARR, -4),
                get("20", ARR, j("2")),
                get("undefined", j("[]"), 1),
                get("[20]", j("[[10],[20]]"), 2),
                // keys into arrays and indices into scalars are undefined
                get("undefined", ARR, "a"),
                get("undefined", ARR, "1"),
                get("undefined", ARR, 1.0),
                get("undefined", j("5"), 1),
                get("undefined", j("\"abc\""), 1),
                get("undefined", j("true"), "a"),
                // an undefined base or step gives undefined
                get("undefined", UNDEFINED, "a"),
                get("undefined", DOC, UNDEFINED),
                get("undefined", DOC, "a", UNDEFINED, "b"),
                // no steps: the value itself
                get("[10,20,30]", ARR),
                // not strict: text that is no JSON has no fields
                get("undefined", payload("not json"), "a"),
                get("undefined", "", "a"),
                // strict: a path into a payload that is not JSON fails, as in EMQX ...
                getFails("payload is not a JSON object or array, cannot read a", payload("not json"), "a"),
                getFails("cannot read x", payload(""), "x"),
                getFails("cannot read 1", payload("hello"), 1),
                // ... but only at the first step: deeper text is just not there
                get(true, "undefined", payload("{\"a\":\"not json\"}"), "a", "b"),
                get(true, "1", payload("{\"a\":1}"), "a"),
                get(true, "undefined", payload("{\"a\":1}"), "b"),
                get(true, "2", payload("[1,2]"), -1),
                get(true, "undefined", UNDEFINED, "a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("paths")
    void pathLookup(RuleCalls.Case c) {
        c.check();
    }

    @Test
    void anEarlierErrorIsPassedOnUnchanged() {
        assertThat(new RuleGet(false).eval(EARLIER, "a")).isSameAs(EARLIER);
        assertThat(new RuleGet(true).eval(DOC, EARLIER)).isSameAs(EARLIER);
        assertThat(new RuleGet(true).eval(payload("not json"), "a", EARLIER)).isSameAs(EARLIER);
    }

    @Test
    void theFailureIsThePaths() {
        assertThat(assertError(new RuleGet(true).eval(payload("x"), "a"), "not a JSON").function())
                .isEqualTo("path");
    }

    @Test
    void aPayloadIsDecodedOnceForAllItsPaths() {
        var text = payload("{\"a\":1,\"b\":[2]}");
        assertThat(json(new RuleGet(true).eval(text, "a"))).isEqualTo("1");
        JsonNode b = (JsonNode) new RuleGet(true).eval(text, "b");
        assertThat(new RuleGet(false).eval(text, "b")).isSameAs(b);
        assertThat(json(new RuleGet(false).eval(b, 1))).isEqualTo("2");
    }
}
