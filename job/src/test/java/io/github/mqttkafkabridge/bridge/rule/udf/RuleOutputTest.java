package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RuleError;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.EARLIER;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.UNDEFINED;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.dec;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.j;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.json;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.payload;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code RULE_OUTPUT(key, value, ...)}: a rule's output object. Names, nested keys (a JSON array of names), and
 * {@code *} which merges an object; later fields win; undefined values are left out; an error is the output.
 */
class RuleOutputTest {

    private static RuleCalls.Case out(String expected, Object... pairs) {
        return new RuleCalls.Case(RuleCalls.label("output", pairs), () -> new RuleOutput().eval(pairs), expected,
                false);
    }

    private static String nested(String... names) {
        return RuleOutput.key(List.of(names));
    }

    /** A key of names and indexes; null is -0 (after the last element). */
    private static String path(Object... steps) {
        return RuleOutput.key(java.util.Arrays.asList(steps));
    }

    static Stream<RuleCalls.Case> outputs() {
        return Stream.of(
                out("{}"),
                out("{\"a\":1,\"b\":\"x\"}", "a", 1, "b", "x"),
                out("{\"s\":\"s\",\"i\":1,\"l\":2,\"d\":1.5,\"m\":2.5,\"t\":true}",
                        "s", "s", "i", 1, "l", 2L, "d", 1.5, "m", dec("2.5"), "t", true),
                out("{\"p\":\"{\\\"a\\\":1}\"}", "p", payload("{\"a\":1}")),
                out("{\"o\":{\"k\":[1]},\"arr\":[{\"x\":1}]}", "o", j("{\"k\":[1]}"), "arr", j("[{\"x\":1}]")),
                // undefined leaves the key out; JSON null is kept
                out("{\"b\":2}", "a", UNDEFINED, "b", 2),
                out("{}", "a", UNDEFINED),
                out("{\"n\":null}", "n", j("null")),
                // later fields override earlier ones, in the first one's place
                out("{\"a\":2,\"b\":1}", "a", 1, "b", 1, "a", 2),
                // nested keys, as payload.a.b and AS x.y
                out("{\"x\":{\"y\":1}}", nested("x", "y"), 1),
                out("{\"payload\":{\"a\":{\"b\":1}}}", nested("payload", "a", "b"), 1),
                out("{\"p\":{\"a\":1,\"b\":2}}", nested("p", "a"), 1, nested("p", "b"), 2),
                out("{\"p\":{\"q\":2}}", "p", 1, nested("p", "q"), 2),
                out("{\"p\":{\"k\":1,\"q\":2}}", "p", j("{\"k\":1}"), nested("p", "q"), 2),
                out("{\"x\":{\"y\":1},\"v\":2}", nested("x", "y"), 1, "v", 2),
                out("{}", nested("x", "y"), UNDEFINED),
                // indexes, as AS x[2] and AS payload.data[1].name: 1-based, negative from the end, 0 first, -0 last
                out("{\"l\":[1,\"a\",3]}", "l", j("[1,2,3]"), path("l", 2), "a"),
                out("{\"l\":[1,2,\"a\"]}", "l", j("[1,2,3]"), path("l", -1), "a"),
                out("{\"l\":[1,2,3]}", "l", j("[1,2,3]"), path("l", 4), "a"),
                out("{\"l\":[\"a\",1,2,3]}", "l", j("[1,2,3]"), path("l", 0), "a"),
                out("{\"l\":[1,2,3,\"a\"]}", "l", j("[1,2,3]"), path("l", (Object) null), "a"),
                out("{\"l\":[\"a\"]}", "l", "not a list", path("l", 2), "a"),
                out("{\"a\":[{\"b\":0}]}", path("a", 2, "b"), 0),
                out("{\"l\":[1,{\"b\":1,\"a\":\"c\"},3]}", "l", j("[1,{\"b\":1},3]"), path("l", 2, "a"), "c"),
                // a selected payload is decoded and keeps its keys; other JSON text is replaced (EMQX)
                out("{\"payload\":{\"a\":1,\"p\":{\"x\":1,\"t\":2}}}", "payload", payload("{\"a\":1,\"p\":{\"x\":1}}"),
                        nested("payload", "p", "t"), 2),
                out("{\"q\":{\"t\":2}}", "q", payload("{\"a\":1}"), nested("q", "t"), 2),
                out("{\"q\":{\"p\":{\"x\":1,\"t\":2}}}", "q", payload("{\"a\":1,\"p\":{\"x\":1}}"),
                        nested("q", "p", "t"), 2),
                // * merges an object
                out("{\"a\":1,\"b\":2,\"c\":3}", "*", j("{\"a\":1,\"b\":2}"), "c", 3),
                out("{\"a\":9,\"b\":2}", "*", j("{\"a\":1,\"b\":2}"), "a", 9),
                out("{\"a\":1,\"b\":2}", "a", 0, "*", j("{\"a\":1,\"b\":2}")),
                out("{\"x\":1}", "*", "abc", "x", 1),
                out("{\"x\":1}", "*", j("[1,2]"), "x", 1),
                out("{}", "*", UNDEFINED),
                // names that look like keys of their own
                out("{\"*\":1}", nested("*"), 1),
                out("{\"[x\":1}", nested("[x"), 1),
                out("{\"a.b\":1}", "a.b", 1),
                out("{\"你好\":\"世界\"}", "你好", "世界"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("outputs")
    void buildsTheOutputObject(RuleCalls.Case c) {
        c.check();
    }

    @Test
    void anErrorInAnyValueIsTheOutput() {
        assertThat(new RuleOutput().eval("a", 1, "b", EARLIER)).isSameAs(EARLIER);
        assertThat(new RuleOutput().eval("*", EARLIER)).isSameAs(EARLIER);
        RuleError other = new RuleError("lower", "expects a string");
        assertThat(new RuleOutput().eval("a", other, "b", EARLIER)).isSameAs(other);
    }

    @Test
    void selectStarAloneIsTheObjectItself() {
        JsonNode all = j("{\"a\":1}");
        assertThat(new RuleOutput().eval("*", all)).isSameAs(all);
    }

    @Test
    void valuesTheRuleReadAreNeverChanged() {
        JsonNode p = j("{\"k\":1}");
        RuleOutput output = new RuleOutput();
        assertThat(json(output.eval("p", p, nested("p", "q"), 2))).isEqualTo("{\"p\":{\"k\":1,\"q\":2}}");
        assertThat(Json.write(p)).isEqualTo("{\"k\":1}");
        JsonNode merged = j("{\"a\":1}");
        assertThat(json(output.eval("*", merged, "b", 2))).isEqualTo("{\"a\":1,\"b\":2}");
        assertThat(Json.write(merged)).isEqualTo("{\"a\":1}");
    }

    @Test
    void oneCallSiteServesManyMessages() {
        RuleOutput output = new RuleOutput();
        String key = nested("x", "y");
        for (int i = 0; i < 3; i++) {
            assertThat(json(output.eval(key, i, "n", "m" + i))).isEqualTo("{\"x\":{\"y\":" + i + "},\"n\":\"m" + i + "\"}");
        }
    }

    @Test
    void keysAreNamesOrJsonArraysOfNames() {
        assertThat(RuleOutput.key(List.of("a"))).isEqualTo("a");
        assertThat(RuleOutput.key(List.of("a", "b"))).isEqualTo("[\"a\",\"b\"]");
        assertThat(RuleOutput.key(List.of("*"))).isEqualTo("[\"*\"]");
        assertThat(RuleOutput.key(List.of("[a"))).isEqualTo("[\"[a\"]");
        assertThat(RuleOutput.key(List.of("say \"hi\""))).isEqualTo("say \"hi\"");
        assertThat(RuleOutput.key(List.of("a", "say \"hi\""))).isEqualTo("[\"a\",\"say \\\"hi\\\"\"]");
        assertThat(RuleOutput.key(java.util.Arrays.asList("l", 2, 0, null))).isEqualTo("[\"l\",2,0,null]");
        assertThat(RuleOutput.MERGE).isEqualTo("*");
    }
}
