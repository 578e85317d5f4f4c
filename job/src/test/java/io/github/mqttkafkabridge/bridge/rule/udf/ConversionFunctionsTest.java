package io.github.mqttkafkabridge.bridge.rule.udf;

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
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.ok;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.payload;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

/** EMQX's type conversions (str, int, float, bool, map, hex) and type checks (is_*). */
class ConversionFunctionsTest {

    static Stream<RuleCalls.Case> str() {
        return Stream.of(
                ok("\"abc\"", "str", "abc"),
                ok("\"\"", "str", ""),
                ok("\"👋\"", "str", "👋"),
                ok("\"你好🐸\"", "str", "你好🐸"),
                ok("\"{\\\"a\\\":1}\"", "str", j("{\"a\":1}")),
                ok("\"[{\\\"a\\\":1},{\\\"b\\\":1}]\"", "str", j("[{\"a\":1},{\"b\":1}]")),
                ok("\"1\"", "str", 1),
                ok("\"12\"", "str", 12L),
                ok("\"123456789012\"", "str", 123456789012L),
                ok("\"2.0\"", "str", 2.0),
                ok("\"1.5\"", "str", 1.5),
                ok("\"12.5\"", "str", dec("12.50")),
                ok("\"-0.25\"", "str", -0.25),
                // floats as EMQX writes them: at most 10 decimals, no exponent
                ok("\"0.3\"", "str", 0.1 + 0.2),
                ok("\"0.3333333333\"", "str", 1.0 / 3),
                ok("\"100000000000000000000.0\"", "str", 1e20),
                ok("\"true\"", "str", true),
                ok("\"false\"", "str", j("false")),
                ok("\"null\"", "str", j("null")),
                ok("\"{\\\"a\\\":1}\"", "str", payload("{\"a\":1}")),
                ok("\"abc 你好\"", "str_utf8", "abc 你好"),
                ok("\"{\\\"a\\\":\\\"abc 你好\\\"}\"", "str_utf8", j("{\"a\":\"abc 你好\"}")),
                ok("\"[{\\\"a\\\":1},{\\\"你好👋\\\":1}]\"", "str_utf8", j("[{\"a\":1},{\"你好👋\":1}]")),
                ok("\"1\"", "str_utf8", 1),
                ok("\"2.0\"", "str_utf8", 2.0),
                ok("\"true\"", "str_utf8", true),
                fails("expects 1 argument(s), got 0", "str"),
                fails("expects 1 argument(s), got 2", "str_utf8", "a", "b"));
    }

    static Stream<RuleCalls.Case> integers() {
        return Stream.of(
                ok("1", "int", "1"),
                ok("1", "int", "1.0"),
                ok("1", "int", 1),
                ok("1", "int", 1.9),
                ok("1", "int", 1.0001),
                ok("1", "int", true),
                ok("0", "int", false),
                ok("42", "int", "42"),
                ok("-7", "int", "-7"),
                ok("3", "int", 3.9),
                ok("2", "int", dec("2.5")),
                // rounded down (erlang:floor), also below zero
                ok("-2", "int", -1.5),
                ok("-1", "int", -1.0),
                ok("-3", "int", "-2.5"),
                // integers stay exact
                ok("9007199254740993", "int", 9007199254740993L),
                ok("9007199254740993", "int", "9007199254740993"),
                ok("123456789012345678901234567890", "int", "123456789012345678901234567890"),
                ok("5", "int", j("5")),
                ok("100000000000000000000", "int", 1e20),
                fails("expects a number, got \"a\"", "int", "a"),
                fails("expects a number, got \"\"", "int", ""),
                fails("expects a number", "int", j("{\"a\":1}")),
                fails("expects a number, got undefined", "int", UNDEFINED),
                fails("expects a number, got null", "int", j("null")),
                fails("expects 1 argument(s), got 2", "int", 1, 2));
    }

    static Stream<RuleCalls.Case> floats() {
        return Stream.of(
                ok("1.0", "float", "1.0"),
                ok("1.0", "float", 1),
                ok("1.0", "float", 1.0),
                ok("1.9", "float", 1.9),
                ok("1.0001", "float", 1.0001),
                ok("1.0000000001", "float", 1.0000000001),
                ok("2.5", "float", "2.5"),
                ok("3.0", "float", 3),
                ok("3.0", "float", "3"),
                ok("-0.5", "float", dec("-0.5")),
                ok("3.14", "float", 3.14159, 2),
                ok("3.142", "float", 3.14159, 3),
                ok("1.0", "float", 1, 2),
                ok("0.1", "float", "0.123", 1),
                // the float's exact value is rounded: 2.675 is 2.67499999...
                ok("2.67", "float", 2.675, 2),
                fails("expects 1 to 253 decimals, got 0", "float", 3.14159, 0),
                fails("expects 1 to 253 decimals, got -1", "float", 1.5, -1),
                fails("expects an integer", "float", 1.5, 1.5),
                fails("expects a number, got \"a\"", "float", "a"),
                fails("expects a number", "float", j("{\"a\":1}")),
                fails("expects a number, got true", "float", true),
                fails("expects a number, got undefined", "float", UNDEFINED),
                fails("expects 1 to 2 argument(s), got 3", "float", 1, 2, 3));
    }

    static Stream<RuleCalls.Case> booleans() {
        return Stream.of(
                ok("true", "bool", 1),
                ok("true", "bool", 1.0),
                ok("true", "bool", 1L),
                ok("true", "bool", dec("1.0")),
                ok("false", "bool", 0),
                ok("false", "bool", 0.0),
                ok("true", "bool", true),
                ok("true", "bool", "true"),
                ok("false", "bool", false),
                ok("false", "bool", "false"),
                ok("true", "bool", j("true")),
                ok("false", "bool", payload("false")),
                fails("cannot convert 3", "bool", 3),
                fails("cannot convert -1", "bool", -1),
                fails("cannot convert 0.5", "bool", 0.5),
                fails("cannot convert \"1\"", "bool", "1"),
                fails("cannot convert \"0\"", "bool", "0"),
                fails("cannot convert \"yes\"", "bool", "yes"),
                fails("cannot convert \"TRUE\"", "bool", "TRUE"),
                fails("cannot convert \"\"", "bool", ""),
                fails("cannot convert undefined", "bool", UNDEFINED),
                fails("cannot convert null", "bool", j("null")),
                fails("cannot convert [true]", "bool", j("[true]")));
    }

    static Stream<RuleCalls.Case> maps() {
        return Stream.of(
                ok("{\"a\":1}", "map", "{\"a\":1}"),
                ok("{\"k\":1}", "map", payload("{\"k\":1}")),
                ok("{\"a\":{\"b\":[1]}}", "map", j("{\"a\":{\"b\":[1]}}")),
                ok("{}", "map", "{}"),
                ok("{}", "map", j("[]")),
                ok("{\"a\":1}", "map", " {\"a\" : 1} "),
                fails("expects a map, got \"a\"", "map", "a"),
                fails("expects a map, got 1.0", "map", 1.0),
                fails("expects a map, got \"[1]\"", "map", "[1]"),
                fails("expects a map, got \"[]\"", "map", "[]"),
                fails("expects a map, got [1]", "map", j("[1]")),
                fails("expects a map, got undefined", "map", UNDEFINED),
                fails("expects a map, got null", "map", j("null")),
                fails("expects a map, got true", "map", true));
    }

    static Stream<RuleCalls.Case> hex() {
        return Stream.of(
                ok("\"4142\"", "bin2hexstr", "AB"),
                ok("\"\"", "bin2hexstr", ""),
                ok("\"0102\"", "bin2hexstr", "\u0001\u0002"),
                ok("\"1121\"", "bin2hexstr", "\u0011!"),
                ok("\"C3A9\"", "bin2hexstr", "é"),
                ok("\"F09F988020\"", "bin2hexstr", "😀 "),
                ok("\"7B7D\"", "bin2hexstr", payload("{}")),
                ok("\"0x0102\"", "bin2hexstr", "\u0001\u0002", "0x"),
                ok("\"0X0102\"", "bin2hexstr", "\u0001\u0002", "0X"),
                ok("\"0b1121\"", "bin2hexstr", "\u0011!", "0b"),
                ok("\"0B1121\"", "bin2hexstr", "\u0011!", "0B"),
                ok("\"🧠0102\"", "bin2hexstr", "\u0001\u0002", "🧠"),
                ok("\"0102\"", "bin2hexstr", "\u0001\u0002", UNDEFINED),
                fails("expects a string, got undefined", "bin2hexstr", UNDEFINED),
                fails("expects a string, got {}", "bin2hexstr", j("{}")),
                fails("expects 1 to 2 argument(s), got 3", "bin2hexstr", "a", "b", "c"),
                ok("\"AB\"", "hexstr2bin", "4142"),
                ok("\"é\"", "hexstr2bin", "C3A9"),
                ok("\"é\"", "hexstr2bin", "c3a9"),
                ok("\"\"", "hexstr2bin", ""),
                ok("\"!\"", "hexstr2bin", "21"),
                ok("\"AB\"", "hexstr2bin", "0x4142", "0x"),
                ok("\"AB\"", "hexstr2bin", "0X4142", "0X"),
                ok("\"AB\"", "hexstr2bin", "4142", UNDEFINED),
                fails("not a hex string", "hexstr2bin", "zz"),
                fails("not a hex string", "hexstr2bin", "0x41"),
                fails("does not start with \"ab\"", "hexstr2bin", "0x6364f", "ab"),
                fails("does not start with \"ef\"", "hexstr2bin", "0Xa", "ef"),
                fails("does not start with \"你好👋\"", "hexstr2bin", "0bf", "你好👋"),
                fails("does not start with \"🐸\"", "hexstr2bin", "0B5", "🐸"),
                fails("expects a string, got undefined", "hexstr2bin", UNDEFINED));
    }

    static Stream<RuleCalls.Case> nullChecks() {
        return Stream.of(
                ok("false", "is_null", j("null")),
                ok("true", "is_null", UNDEFINED),
                ok("false", "is_null", "undefined"),
                ok("false", "is_null", ""),
                ok("false", "is_null", "a"),
                ok("false", "is_null", 0),
                ok("false", "is_null", false),
                ok("false", "is_null", j("{}")),
                ok("true", "is_null_var", j("null")),
                ok("false", "is_null_var", "null"),
                ok("true", "is_null_var", UNDEFINED),
                ok("false", "is_null_var", "undefined"),
                ok("false", "is_null_var", ""),
                ok("false", "is_null_var", "a"),
                ok("true", "is_not_null", j("null")),
                ok("false", "is_not_null", UNDEFINED),
                ok("true", "is_not_null", "undefined"),
                ok("true", "is_not_null", "null"),
                ok("true", "is_not_null", ""),
                ok("true", "is_not_null", 0),
                ok("false", "is_not_null_var", j("null")),
                ok("false", "is_not_null_var", UNDEFINED),
                ok("true", "is_not_null_var", "null"),
                ok("true", "is_not_null_var", "undefined"),
                ok("true", "is_not_null_var", ""),
                ok("true", "is_not_null_var", "a"),
                fails("expects 1 argument(s), got 0", "is_null"),
                fails("expects 1 argument(s), got 2", "is_not_null", 1, 2));
    }

    static Stream<RuleCalls.Case> typeChecks() {
        return Stream.of(
                ok("true", "is_str", "a"),
                ok("true", "is_str", ""),
                ok("true", "is_str", payload("{\"a\":1}")),
                ok("true", "is_str", j("\"x\"")),
                ok("false", "is_str", 1),
                ok("false", "is_str", true),
                ok("false", "is_str", j("[\"a\"]")),
                ok("false", "is_str", j("null")),
                ok("false", "is_str", UNDEFINED),
                ok("true", "is_bool", true),
                ok("true", "is_bool", false),
                ok("true", "is_bool", j("false")),
                ok("false", "is_bool", "true"),
                ok("false", "is_bool", ""),
                ok("false", "is_bool", 2),
                ok("false", "is_bool", UNDEFINED),
                ok("true", "is_int", 1),
                ok("true", "is_int", 2L),
                ok("true", "is_int", -1),
                ok("true", "is_int", j("7")),
                ok("true", "is_int", 9007199254740993L),
                ok("false", "is_int", 1.1),
                ok("false", "is_int", 2.0),
                ok("false", "is_int", dec("1.0")),
                ok("false", "is_int", "1"),
                ok("false", "is_int", UNDEFINED),
                ok("true", "is_float", 1.1),
                ok("true", "is_float", 2.0),
                ok("true", "is_float", -1.2),
                ok("true", "is_float", dec("1.5")),
                ok("true", "is_float", j("1.0")),
                ok("false", "is_float", 1),
                ok("false", "is_float", "1.5"),
                ok("false", "is_float", ""),
                ok("true", "is_num", 1.1),
                ok("true", "is_num", 2.0),
                ok("true", "is_num", -1.2),
                ok("true", "is_num", 1),
                ok("false", "is_num", "1"),
                ok("false", "is_num", "a"),
                ok("false", "is_num", true),
                ok("false", "is_num", UNDEFINED),
                ok("true", "is_map", j("{}")),
                ok("true", "is_map", j("{\"a\":1}")),
                ok("false", "is_map", "a"),
                ok("false", "is_map", ""),
                ok("false", "is_map", payload("{\"a\":1}")),
                ok("false", "is_map", j("[]")),
                ok("false", "is_map", UNDEFINED),
                ok("true", "is_array", j("[]")),
                ok("true", "is_array", j("[1,2]")),
                ok("false", "is_array", ""),
                ok("false", "is_array", "[1]"),
                ok("false", "is_array", j("{}")),
                ok("false", "is_array", UNDEFINED));
    }

    static Stream<RuleCalls.Case> emptiness() {
        return Stream.of(
                ok("true", "is_empty", j("[]")),
                ok("true", "is_empty", j("{}")),
                ok("true", "is_empty", "{}"),
                ok("true", "is_empty", payload("{}")),
                ok("true", "is_empty", ""),
                ok("false", "is_empty", j("[1]")),
                ok("false", "is_empty", j("{\"a\":\"b\"}")),
                ok("false", "is_empty", "{\"a\" : \"b\"}"),
                ok("false", "is_empty", j("[null]")),
                // anything else is read as a map, as EMQX does, and fails when it is none
                fails("expects a map, got \"abc\"", "is_empty", "abc"),
                fails("expects a map, got \"[]\"", "is_empty", "[]"),
                fails("expects a map, got 1", "is_empty", 1),
                fails("expects a map, got true", "is_empty", true),
                fails("expects a map, got undefined", "is_empty", UNDEFINED),
                fails("expects a map, got null", "is_empty", j("null")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("str")
    void strGivesEmqxText(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("integers")
    void intRoundsDown(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floats")
    void floatWithOptionalDecimals(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("booleans")
    void boolAcceptsBooleansTheirTextAndOneOrZero(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maps")
    void mapDecodesJsonText(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hex")
    void hexEncoding(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nullChecks")
    void undefinedAndJsonNull(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("typeChecks")
    void typeChecksNeverConvert(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emptiness")
    void isEmpty(RuleCalls.Case c) {
        c.check();
    }

    @Test
    void hexstr2binReadsAnOddLengthWithALeadingZero() {
        assertThat(text(call("hexstr2bin", "6364f"))).isEqualTo("\u0006\u0036\u004f");
        assertThat(text(call("hexstr2bin", "a"))).isEqualTo("\n");
        assertThat(text(call("hexstr2bin", "f"))).isEqualTo("\u000f");
        assertThat(text(call("hexstr2bin", "5"))).isEqualTo("\u0005");
        assertThat(text(call("hexstr2bin", "0102"))).isEqualTo("\u0001\u0002");
        assertThat(text(call("hexstr2bin", "1121"))).isEqualTo("\u0011!");
        assertThat(text(call("hexstr2bin", "0x6364f", "0x"))).isEqualTo("\u0006\u0036\u004f");
        assertThat(text(call("hexstr2bin", "0Xa", "0X"))).isEqualTo("\n");
        assertThat(text(call("hexstr2bin", "0bf", "0b"))).isEqualTo("\u000f");
        assertThat(text(call("hexstr2bin", "0B5", "0B"))).isEqualTo("\u0005");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "hello world", "你好🐸", "{\"a\":[1,2]}", "\u0000\u0001\u007f", "line\r\nbreak"})
    void hexRoundTrips(String s) {
        assertThat(text(call("hexstr2bin", call("bin2hexstr", s)))).isEqualTo(s);
        assertThat(text(call("hexstr2bin", call("bin2hexstr", s, "0x"), "0x"))).isEqualTo(s);
    }

    @ParameterizedTest
    @ValueSource(strings = {"str", "str_utf8", "int", "float", "bool", "map", "bin2hexstr", "hexstr2bin", "is_null",
            "is_not_null", "is_null_var", "is_not_null_var", "is_str", "is_bool", "is_int", "is_float", "is_num",
            "is_map", "is_array", "is_empty"})
    void anEarlierErrorIsPassedOnUnchanged(String fn) {
        assertThat(call(fn, EARLIER)).isSameAs(EARLIER);
    }

    static Stream<RuleCalls.Case> emqxFiveTenConversions() {
        return Stream.of(
                // float_to_binary(F, [{decimals, N}, compact]), from emqx_rule_funcs_SUITE
                ok("\"20.2\"", "float2str", 20.2, 1),
                ok("\"20.2\"", "float2str", 20.2, 10),
                ok("\"20.199999999999999\"", "float2str", 20.2, 15),
                ok("\"20.1999999999999993\"", "float2str", 20.2, 16),
                ok("\"1.0\"", "float2str", 1.0, 3),
                ok("\"2\"", "float2str", 1.5, 0),
                ok("\"-0.33\"", "float2str", -1.0 / 3, 2),
                ok("\"1.1\"", "float2str", dec("1.1"), 6),
                fails("expects a float, got 20", "float2str", 20, 1),
                fails("expects a float, got \"1.5\"", "float2str", "1.5", 1),
                fails("expects 0 to 253 decimals, got 254", "float2str", 1.5, 254),
                fails("expects an integer, got 1.0", "float2str", 1.5, 1.0),
                fails("expects a float, got undefined", "float2str", UNDEFINED, 1),
                // null() is undefined
                ok("undefined", "null"),
                ok("true", "is_null", call("null")),
                fails("expects 0 argument(s), got 1", "null", 1),
                // argument forms EMQX accepts
                ok("true", "bool", 1.0),
                ok("false", "bool", 0.0),
                ok("\"0x4142\"", "bin2hexstr", "AB", "0x"),
                ok("{\"k\":\"v\"}", "map_put", "k", "v", UNDEFINED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emqxFiveTenConversions")
    void emqxFiveTenAdditions(RuleCalls.Case c) {
        c.check();
    }
}
