package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.EARLIER;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.UNDEFINED;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.call;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.dec;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.fails;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.j;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.json;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.ok;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.payload;
import static org.assertj.core.api.Assertions.assertThat;

/** EMQX's array functions (1-based positions) and map functions. */
class CollectionFunctionsTest {
    private static final JsonNode ONE_TO_FOUR = j("[1,2,3,4]");

    static Stream<RuleCalls.Case> arrays() {
        return Stream.of(
                ok("2", "nth", 2, ONE_TO_FOUR),
                ok("4", "nth", 4, ONE_TO_FOUR),
                ok("1", "nth", 1, ONE_TO_FOUR),
                ok("3", "nth", 3L, ONE_TO_FOUR),
                ok("{\"a\":1}", "nth", 2, j("[[1],{\"a\":1}]")),
                ok("null", "nth", 1, j("[null]")),
                ok("\"b\"", "nth", j("2"), j("[\"a\",\"b\"]")),
                fails("index 0 is out of range 1..4", "nth", 0, ONE_TO_FOUR),
                fails("index 5 is out of range 1..4", "nth", 5, ONE_TO_FOUR),
                fails("index -1 is out of range", "nth", -1, ONE_TO_FOUR),
                fails("index 1 is out of range 1..0", "nth", 1, j("[]")),
                fails("expects an integer", "nth", 1.0, ONE_TO_FOUR),
                fails("expects a number, got undefined", "nth", UNDEFINED, ONE_TO_FOUR),
                fails("expects an array, got undefined", "nth", 1, UNDEFINED),
                fails("expects an array, got {\"a\":1}", "nth", 1, j("{\"a\":1}")),
                fails("expects 2 argument(s), got 1", "nth", 1),
                ok("4", "length", ONE_TO_FOUR),
                ok("0", "length", j("[]")),
                ok("1", "length", j("[[1,2,3]]")),
                fails("expects an array, got undefined", "length", UNDEFINED),
                fails("expects an array, got {}", "length", j("{}")),
                fails("expects an array, got \"abc\"", "length", "abc"),
                ok("1", "first", ONE_TO_FOUR),
                ok("4", "last", ONE_TO_FOUR),
                ok("{\"a\":1}", "first", j("[{\"a\":1},2]")),
                ok("\"x\"", "last", j("[1,\"x\"]")),
                ok("7", "first", j("[7]")),
                ok("7", "last", j("[7]")),
                fails("the array is empty", "first", j("[]")),
                fails("the array is empty", "last", j("[]")),
                fails("expects an array, got undefined", "first", UNDEFINED),
                fails("expects an array, got {}", "last", j("{}")));
    }

    static Stream<RuleCalls.Case> sublist() {
        return Stream.of(
                ok("[1,2,3,4]", "sublist", 4, ONE_TO_FOUR),
                ok("[1,2]", "sublist", 2, ONE_TO_FOUR),
                ok("[1,2,3,4]", "sublist", 10, ONE_TO_FOUR),
                ok("[]", "sublist", 0, ONE_TO_FOUR),
                ok("[]", "sublist", 3, j("[]")),
                ok("[4]", "sublist", 4, 1, ONE_TO_FOUR),
                ok("[4]", "sublist", 4, 2, ONE_TO_FOUR),
                ok("[]", "sublist", 5, 2, ONE_TO_FOUR),
                ok("[2,3]", "sublist", 2, 2, ONE_TO_FOUR),
                ok("[1]", "sublist", 1, 1, ONE_TO_FOUR),
                ok("[]", "sublist", 2, 0, ONE_TO_FOUR),
                ok("[]", "sublist", 1, 5, j("[]")),
                ok("[{\"a\":1}]", "sublist", 2, 1, j("[0,{\"a\":1},2]")),
                fails("do not fit an array of 4", "sublist", -1, ONE_TO_FOUR),
                fails("start 0 and length 1", "sublist", 0, 1, ONE_TO_FOUR),
                fails("start 6 and length 1", "sublist", 6, 1, ONE_TO_FOUR),
                fails("start 1 and length -1", "sublist", 1, -1, ONE_TO_FOUR),
                fails("expects an integer", "sublist", 1.5, ONE_TO_FOUR),
                fails("expects an array, got undefined", "sublist", 1, UNDEFINED),
                fails("expects 2 to 3 argument(s), got 1", "sublist", ONE_TO_FOUR));
    }

    static Stream<RuleCalls.Case> contains() {
        return Stream.of(
                ok("true", "contains", 1, ONE_TO_FOUR),
                ok("true", "contains", 3, ONE_TO_FOUR),
                ok("true", "contains", 3L, ONE_TO_FOUR),
                ok("true", "contains", "a", j("[\"\",\"ab\",3,\"a\"]")),
                ok("true", "contains", j("{\"a\":\"b\"}"), j("[{\"a\":1},{\"a\":\"b\"}]")),
                ok("false", "contains", j("{\"a\":\"b\"}"), j("[{\"a\":1}]")),
                ok("false", "contains", 3, j("[1,2]")),
                ok("false", "contains", "c", j("[\"\",\"ab\",3,\"a\"]")),
                ok("true", "contains", 2, j("[1,2,3]")),
                ok("false", "contains", "x", j("[1,2,3]")),
                // exact equality, as lists:member: no number/string or integer/float conversion
                ok("false", "contains", 1, j("[1.0]")),
                ok("false", "contains", 1.0, j("[1]")),
                ok("false", "contains", "1", j("[1]")),
                ok("false", "contains", 1, j("[\"1\"]")),
                ok("true", "contains", 1.5, j("[1.5]")),
                ok("true", "contains", dec("1.5"), j("[1.5]")),
                ok("true", "contains", true, j("[false,true]")),
                ok("false", "contains", "true", j("[true]")),
                ok("true", "contains", j("null"), j("[null]")),
                ok("false", "contains", UNDEFINED, j("[null]")),
                ok("true", "contains", j("[1,2]"), j("[[1,2]]")),
                ok("false", "contains", j("[1,2]"), j("[[2,1]]")),
                ok("true", "contains", j("{\"a\":{\"b\":1}}"), j("[{\"a\":{\"b\":1}}]")),
                ok("false", "contains", j("{\"a\":1}"), j("[{\"a\":1.0}]")),
                ok("false", "contains", "a", j("[]")),
                ok("true", "contains", "你好", j("[\"你好\"]")),
                fails("expects an array, got undefined", "contains", 1, UNDEFINED),
                fails("expects an array, got \"abc\"", "contains", 1, "abc"),
                fails("expects 2 argument(s), got 1", "contains", 1));
    }

    static Stream<RuleCalls.Case> mapGetPut() {
        JsonNode nested = j("{\"a\":{\"b\":1}}");
        return Stream.of(
                ok("{}", "map_new"),
                fails("expects 0 argument(s), got 1", "map_new", 1),
                ok("1", "map_get", "a", j("{\"a\":1}")),
                ok("undefined", "map_get", "a", j("{}")),
                ok("1", "map_get", "a.b", nested),
                ok("undefined", "map_get", "a.c", nested),
                ok("{\"b\":1}", "map_get", "a", nested),
                ok("7", "map_get", "a.b", payload("{\"a\":{\"b\":7}}")),
                ok("\"dflt\"", "map_get", "x", payload("{\"a\":{\"b\":7}}"), "dflt"),
                ok("1", "map_get", "a", j("{\"a\":1}"), 5),
                ok("null", "map_get", "a", j("{\"a\":null}")),
                ok("null", "map_get", "a", j("{\"a\":null}"), "d"),
                ok("2", "map_get", "a.b", j("{\"a\":\"{\\\"b\\\":2}\"}")),
                ok("\"x\"", "map_get", "ключ", j("{\"ключ\":\"x\"}")),
                // a value that is not a map has no keys: the default
                ok("undefined", "map_get", "a", UNDEFINED),
                ok("5", "map_get", "a", UNDEFINED, 5),
                ok("undefined", "map_get", "a", "not json"),
                ok("undefined", "map_get", "a", 1),
                ok("undefined", "map_get", "a", j("[1]")),
                ok("undefined", "map_get", "a.b.c", j("{\"a\":{\"b\":5}}")),
                fails("expects a string, got undefined", "map_get", UNDEFINED, j("{}")),
                // EMQX splits the key as a string: a number is not a key (map_get(1, 1) fails in EMQX's tests).
                fails("expects a string, got 1", "map_get", 1, j("{\"1\":2}")),
                fails("expects 2 to 3 argument(s), got 1", "map_get", "a"),
                ok("{\"a\":1}", "map_put", "a", 1, j("{}")),
                ok("{\"a\":2}", "map_put", "a", 2, j("{\"a\":1}")),
                ok("{\"a\":{\"b\":1}}", "map_put", "a.b", 1, j("{}")),
                ok("{\"a\":{\"b\":1,\"c\":1}}", "map_put", "a.c", 1, nested),
                ok("{\"x\":{\"y\":\"z\"}}", "map_put", "x.y", "z", call("map_new")),
                ok("{\"a\":{\"b\":1}}", "map_put", "a.b", 1, j("{\"a\":5}")),
                ok("{\"a\":{\"n\":[1]}}", "map_put", "a", j("{\"n\":[1]}"), j("{}")),
                ok("{\"a\":1.5}", "map_put", "a", 1.5, j("{}")),
                // a base that is not a map is replaced by a new one
                ok("{\"a\":1}", "map_put", "a", 1, UNDEFINED),
                ok("{\"a\":1}", "map_put", "a", 1, 5),
                ok("{\"a\":1}", "map_put", "a", 1, j("[1,2]")),
                ok("{\"a\":1}", "map_put", "a", 1, "not json"),
                fails("expects a string, got undefined", "map_put", UNDEFINED, 1, j("{}")),
                fails("expects 3 argument(s), got 2", "map_put", "a", 1));
    }

    static Stream<RuleCalls.Case> mgetMput() {
        return Stream.of(
                ok("1", "mget", "a", j("{\"a\":1}")),
                ok("1", "mget", "a", payload("{\"a\" : 1}")),
                ok("1", "mget", "a.b", j("{\"a.b\":1}")),
                ok("undefined", "mget", "a", j("{}")),
                ok("undefined", "mget", "a.b", j("{\"a\":{\"b\":1}}")),
                ok("5", "mget", "a", j("{}"), 5),
                ok("undefined", "mget", "a", j("[]")),
                fails("expects a map, got undefined", "mget", "a", UNDEFINED),
                fails("expects a map, got \"x\"", "mget", "a", "x"),
                ok("{\"a\":1}", "mput", "a", 1, j("{}")),
                ok("{\"a\":2}", "mput", "a", 2, j("{\"a\":1}")),
                ok("{\"a\":2}", "mput", "a", 2, payload("{\"a\" : 1}")),
                ok("{\"a.b\":2}", "mput", "a.b", 2, j("{\"a.b\":1}")),
                ok("{\"a.b\":2}", "mput", "a.b", 2, j("{}")),
                ok("{\"x\":0,\"a\":2}", "mput", "a", 2, j("{\"x\":0}")),
                fails("expects a map, got undefined", "mput", "a", 1, UNDEFINED),
                fails("expects a map, got \"x\"", "mput", "a", 1, "x"));
    }

    static Stream<RuleCalls.Case> mapContents() {
        JsonNode ab = j("{\"a\":1,\"b\":2}");
        String abText = "{\"a\":1,\"b\":\"b\"}";
        return Stream.of(
                ok("[\"a\",\"b\"]", "map_keys", ab),
                ok("[]", "map_keys", j("{}")),
                ok("[]", "map_keys", j("[]")),
                ok("[\"a\",\"b\"]", "map_keys", payload(abText)),
                ok("[1,2]", "map_values", ab),
                ok("[1,\"b\"]", "map_values", abText),
                ok("[]", "map_values", j("{}")),
                ok("0", "map_size", j("{}")),
                ok("1", "map_size", j("{\"a\":\"b\"}")),
                ok("0", "map_size", j("[]")),
                ok("0", "map_size", "{}"),
                ok("1", "map_size", "{\"a\" : \"b\"}"),
                ok("2", "map_size", ab),
                ok("[]", "map_to_entries", j("{}")),
                ok("[{\"key\":\"a\",\"value\":1},{\"key\":\"b\",\"value\":\"b\"}]", "map_to_entries", j(abText)),
                ok("[{\"key\":\"a\",\"value\":1},{\"key\":\"b\",\"value\":\"b\"}]", "map_to_entries", payload(abText)),
                ok("[{\"key\":\"n\",\"value\":null}]", "map_to_entries", j("{\"n\":null}")),
                fails("expects a map, got \"x\"", "map_keys", "x"),
                fails("expects a map, got undefined", "map_values", UNDEFINED),
                fails("expects a map, got [1]", "map_size", j("[1]")),
                fails("expects a map, got null", "map_to_entries", j("null")),
                fails("expects a map, got 1", "map_size", 1));
    }

    static Stream<RuleCalls.Case> coalesce() {
        return Stream.of(
                ok("undefined", "coalesce", j("[]")),
                ok("undefined", "coalesce", UNDEFINED, UNDEFINED),
                ok("42", "coalesce", UNDEFINED, 42),
                ok("\"hello\"", "coalesce", "hello", UNDEFINED),
                ok("\"world\"", "coalesce", j("[\"world\"]")),
                ok("\"hello\"", "coalesce", "hello", "world"),
                ok("\"world\"", "coalesce", UNDEFINED, "world"),
                ok("\"hello\"", "coalesce", j("[\"hello\",\"world\"]")),
                // only undefined is skipped: a JSON null or "" is a value
                ok("null", "coalesce", j("null"), 1),
                ok("null", "coalesce", j("[null,1]")),
                ok("\"\"", "coalesce", "", 1),
                ok("false", "coalesce", false, true),
                ok("undefined", "coalesce_ne", j("[]")),
                ok("undefined", "coalesce_ne", j("[\"\",\"\"]")),
                ok("undefined", "coalesce_ne", "", UNDEFINED),
                ok("42", "coalesce_ne", "", 42),
                ok("42", "coalesce_ne", j("[\"\",42]")),
                ok("\"hello\"", "coalesce_ne", "hello", ""),
                ok("\"world\"", "coalesce_ne", j("[\"world\"]")),
                ok("\"hello\"", "coalesce_ne", "hello", "world"),
                ok("\"world\"", "coalesce_ne", "", "world"),
                ok("\"x\"", "coalesce_ne", UNDEFINED, "x"),
                ok("\"x\"", "coalesce_ne", payload(""), "x"),
                ok("null", "coalesce_ne", j("null"), "x"),
                ok("0", "coalesce_ne", 0, "x"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arrays")
    void nthLengthFirstLast(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sublist")
    void sublistIsOneBased(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("contains")
    void containsUsesExactEquality(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mapGetPut")
    void mapGetAndPutTakeDottedPaths(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mgetMput")
    void mgetAndMputTakeOneKey(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mapContents")
    void mapKeysValuesSizeEntries(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("coalesce")
    void coalesceSkipsUndefined(RuleCalls.Case c) {
        c.check();
    }

    @Test
    void putNeverChangesTheMapItWasGiven() {
        JsonNode original = j("{\"a\":{\"b\":1}}");
        assertThat(json(call("map_put", "a.c", 2, original))).isEqualTo("{\"a\":{\"b\":1,\"c\":2}}");
        assertThat(json(call("mput", "x", 3, original))).isEqualTo("{\"a\":{\"b\":1},\"x\":3}");
        assertThat(Json.write(original)).isEqualTo("{\"a\":{\"b\":1}}");
    }

    @Test
    void mapGetReadsWhatMapPutWrote() {
        Object map = call("map_put", "a.b.c", "deep", call("map_new"));
        assertThat(json(call("map_get", "a.b.c", map))).isEqualTo("\"deep\"");
        assertThat(json(call("map_get", "a.b", map))).isEqualTo("{\"c\":\"deep\"}");
        assertThat(json(call("map_size", map))).isEqualTo("1");
        assertThat(json(call("nth", 1, call("map_keys", map)))).isEqualTo("\"a\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"length", "first", "last", "map_keys", "map_values", "map_size", "map_to_entries"})
    void anEarlierErrorIsPassedOnUnchanged(String fn) {
        assertThat(call(fn, EARLIER)).isSameAs(EARLIER);
        assertThat(call("nth", 1, EARLIER)).isSameAs(EARLIER);
        assertThat(call("map_get", "a", EARLIER)).isSameAs(EARLIER);
        assertThat(call("coalesce", UNDEFINED, EARLIER)).isSameAs(EARLIER);
    }
}
