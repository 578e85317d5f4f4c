package io.github.mqttkafkabridge.bridge.rule.udf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.EARLIER;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.UNDEFINED;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.assertError;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.call;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.fails;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.j;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.json;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.ok;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.payload;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code jq(Program, JSON[, TimeoutMs])}: the list of the program's results; JSON text or a value as input. */
class JqFunctionTest {
    private static final String ITEMS = "{\"items\":[{\"id\":\"a\",\"v\":1},{\"id\":\"b\",\"v\":2},{\"id\":\"c\",\"v\":3}]}";

    static Stream<RuleCalls.Case> programs() {
        return Stream.of(
                ok("[{\"b\":2}]", "jq", ".", j("{\"b\": 2}")),
                ok("[6]", "jq", ".+1", j("5")),
                ok("[{\"b\":2}]", "jq", ".", "{\"b\": 2}"),
                ok("[{\"b\":2}]", "jq", ".", "{\"b\": 2}", 10000),
                ok("[{\"b\":2}]", "jq", ".", payload("{\"b\": 2}"), 10L),
                ok("[\"b\",\"c\"]", "jq", ".items[] | select(.v > 1) | .id", payload(ITEMS)),
                ok("[{\"total\":3}]", "jq", "{total: (.a + .b)}", payload("{\"a\":1,\"b\":2}"), 1000),
                ok("[1,2,3]", "jq", ".[]", "[1,2,3]"),
                ok("[]", "jq", "empty", "{}"),
                ok("[]", "jq", ".[]", "[]"),
                ok("[null]", "jq", ".a", "{}"),
                ok("[\"abc\"]", "jq", ".", "\"abc\""),
                ok("[123]", "jq", ".", "123"),
                ok("[null]", "jq", ".", "null"),
                ok("[5]", "jq", ".", 5),
                ok("[true]", "jq", ".", true),
                ok("[[1]]", "jq", ".", j("[1]")),
                ok("[2]", "jq", "length", "[1,2]"),
                ok("[[2,4]]", "jq", "map(. * 2)", j("[1,2]")),
                ok("[[\"a\",\"b\"]]", "jq", "keys", payload("{\"b\":1,\"a\":2}")),
                ok("[1,2]", "jq", ".a, .b", "{\"a\":1,\"b\":2}"),
                ok("[\"你好\"]", "jq", ".k", "{\"k\":\"你好\"}"),
                ok("[{\"x\":[1,2]}]", "jq", "{x: [.[] | .n]}", "[{\"n\":1},{\"n\":2}]"),
                // the input must be JSON: text that is not JSON fails, as in EMQX
                fails("the input is not JSON", "jq", ".", "abc"),
                fails("the input is not JSON", "jq", ".", ""),
                fails("the input is undefined", "jq", ".", UNDEFINED),
                fails("expects a string, got undefined", "jq", UNDEFINED, "{}"),
                fails("Cannot compile query", "jq", ".a |", payload("{\"a\":1}")),
                fails("boom", "jq", "error(\"boom\")", "{}"),
                fails("Cannot index array", "jq", ".a", j("[1]")),
                fails("expects 2 to 3 argument(s), got 1", "jq", "."),
                fails("expects 2 to 3 argument(s), got 4", "jq", ".", "{}", 1, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void jqGivesTheListOfResults(RuleCalls.Case c) {
        c.check();
    }

    @Test
    void theSameProgramGivesTheSameResultEachTime() {
        for (int i = 0; i < 3; i++) {
            assertThat(json(call("jq", ".a", "{\"a\":" + i + "}"))).isEqualTo("[" + i + "]");
        }
    }

    @Test
    void aBadProgramNamesJq() {
        assertThat(assertError(call("jq", "][", "{}"), "").function()).isEqualTo("jq");
    }

    @Test
    void anEarlierErrorIsPassedOnUnchanged() {
        assertThat(call("jq", ".", EARLIER)).isSameAs(EARLIER);
        assertThat(call("jq", EARLIER, "{}")).isSameAs(EARLIER);
    }
}
