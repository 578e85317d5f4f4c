package io.github.mqttkafkabridge.bridge.rule.udf;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.EARLIER;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.UNDEFINED;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.call;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.fails;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.j;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.json;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.ok;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.payload;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Hashes (lowercase hex of the UTF-8 bytes), base64 and JSON encoding. */
class CodecFunctionsTest {
    private static final String FOX = "The quick brown fox jumps over the lazy dog";

    static Stream<RuleCalls.Case> hashes() {
        return Stream.of(
                ok("\"5d41402abc4b2a76b9719d911017c592\"", "md5", "hello"),
                ok("\"aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d\"", "sha", "hello"),
                ok("\"2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824\"", "sha256", "hello"),
                ok("\"d41d8cd98f00b204e9800998ecf8427e\"", "md5", ""),
                ok("\"da39a3ee5e6b4b0d3255bfef95601890afd80709\"", "sha", ""),
                ok("\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"", "sha256", ""),
                ok("\"9e107d9d372bb6826bd81d3542a419d6\"", "md5", FOX),
                ok("\"2fd4e1c67a2d28fced849ee1bb76e7391b93eb12\"", "sha", FOX),
                ok("\"d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592\"", "sha256", FOX),
                ok("\"5d41402abc4b2a76b9719d911017c592\"", "md5", payload("hello")),
                fails("expects a string, got undefined", "md5", UNDEFINED),
                fails("expects a string, got null", "sha", j("null")),
                fails("expects a string, got {}", "sha256", j("{}")),
                fails("expects 1 argument(s), got 2", "md5", "a", "b"));
    }

    static Stream<RuleCalls.Case> base64() {
        return Stream.of(
                ok("\"aGk=\"", "base64_encode", "hi"),
                ok("\"\"", "base64_encode", ""),
                ok("\"aGVsbG8gd29ybGQ=\"", "base64_encode", "hello world"),
                ok("\"5L2g5aW9\"", "base64_encode", "你好"),
                ok("\"eyJhIjoxfQ==\"", "base64_encode", payload("{\"a\":1}")),
                ok("\"hi\"", "base64_decode", "aGk="),
                ok("\"你好\"", "base64_decode", "5L2g5aW9"),
                ok("\"\"", "base64_decode", ""),
                ok("\"hello world\"", "base64_decode", "aGVsbG8gd29ybGQ="),
                fails("not base64", "base64_decode", "!!!"),
                fails("not base64", "base64_decode", "aGk=aGk="),
                fails("expects a string, got undefined", "base64_encode", UNDEFINED),
                fails("expects a string, got undefined", "base64_decode", UNDEFINED),
                fails("expects a string, got [1]", "base64_encode", j("[1]")));
    }

    static Stream<RuleCalls.Case> jsonEncode() {
        return Stream.of(
                ok("\"\\\"{\\\\\\\"a\\\\\\\":[1,2]}\\\"\"", "json_encode", payload("{\"a\":[1,2]}")),
                ok("\"[1,2]\"", "json_encode", j("[1,2]")),
                ok("\"{\\\"a\\\":1}\"", "json_encode", j("{\"a\":1}")),
                ok("\"\\\"abc\\\"\"", "json_encode", "abc"),
                ok("\"\\\"你好\\\"\"", "json_encode", "你好"),
                ok("\"1\"", "json_encode", 1),
                ok("\"1.5\"", "json_encode", 1.5),
                ok("\"true\"", "json_encode", true),
                ok("\"null\"", "json_encode", j("null")),
                ok("\"{}\"", "json_encode", j("{}")),
                ok("\"[]\"", "json_encode", j("[]")),
                fails("expects 1 argument(s), got 2", "json_encode", 1, 2));
    }

    static Stream<RuleCalls.Case> jsonDecode() {
        return Stream.of(
                ok("{\"x\":1}", "json_decode", "{\"x\":1}"),
                ok("[5,6]", "json_decode", "[5,6]"),
                ok("1", "json_decode", "1"),
                ok("1.5", "json_decode", "1.5"),
                ok("\"a\"", "json_decode", "\"a\""),
                ok("null", "json_decode", "null"),
                ok("true", "json_decode", "true"),
                ok("{\"a\":1}", "json_decode", " {\"a\" : 1} "),
                ok("{\"a\":1}", "json_decode", payload("{\"a\":1}")),
                ok("{\"k\":\"你好\"}", "json_decode", "{\"k\":\"你好\"}"),
                ok("{\"a\":{\"b\":[1,{\"c\":null}]}}", "json_decode", "{\"a\":{\"b\":[1,{\"c\":null}]}}"),
                fails("not JSON", "json_decode", "abc"),
                fails("not JSON", "json_decode", ""),
                fails("not JSON", "json_decode", "   "),
                fails("not JSON", "json_decode", "{\"a\":1} x"),
                fails("not JSON", "json_decode", "{\"a\":"),
                fails("not JSON", "json_decode", "[1,]"),
                fails("expects a string, got undefined", "json_decode", UNDEFINED),
                fails("expects a string, got {}", "json_decode", j("{}")),
                fails("expects a string, got null", "json_decode", j("null")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hashes")
    void hashesAreLowercaseHex(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("base64")
    void base64EncodesUtf8(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonEncode")
    void jsonEncodeGivesJsonText(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jsonDecode")
    void jsonDecodeReadsOneJsonValue(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "hello", "你好🐸", "{\"a\":[1,2]}", "\u0000\n\t"})
    void hashLengthsAndBase64RoundTrips(String s) {
        assertThat(text(call("md5", s))).hasSize(32).matches("[0-9a-f]+");
        assertThat(text(call("sha", s))).hasSize(40).matches("[0-9a-f]+");
        assertThat(text(call("sha256", s))).hasSize(64).matches("[0-9a-f]+");
        assertThat(text(call("base64_decode", call("base64_encode", s)))).isEqualTo(s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1}", "[1,\"x\",null]", "\"text\"", "12", "1.5", "true", "null", "{}",
            "{\"a\":{\"b\":[{\"c\":\"你好\"}]}}"})
    void jsonDecodeUndoesJsonEncode(String value) {
        assertThat(json(call("json_decode", call("json_encode", j(value))))).isEqualTo(value);
        assertThat(text(call("json_encode", call("json_decode", value)))).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"md5", "sha", "sha256", "base64_encode", "base64_decode", "json_encode", "json_decode"})
    void anEarlierErrorIsPassedOnUnchanged(String fn) {
        assertThat(call(fn, EARLIER)).isSameAs(EARLIER);
    }
}
