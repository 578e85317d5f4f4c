package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.EventSchema;
import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RuleError;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.stream.Stream;

import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.EARLIER;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.UNDEFINED;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.assertError;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.dec;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.j;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.json;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.payload;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.show;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators compiled rules call: comparisons ({@code RULE_CMP}), arithmetic ({@code RULE_ARITH}), AND/OR/NOT,
 * IN, array literals, and the small conversions around them (window values, RULE_TRUE, RULE_VALUE...).
 */
class OperatorsTest {

    private static RuleCalls.Case cmp(String expected, Object a, String op, Object b) {
        return new RuleCalls.Case(show(a) + " " + op + " " + show(b), () -> new RuleCompare().eval(op, a, b),
                expected, false);
    }

    private static RuleCalls.Case cmpFails(String reason, Object a, String op, Object b) {
        return new RuleCalls.Case(show(a) + " " + op + " " + show(b), () -> new RuleCompare().eval(op, a, b),
                reason, true);
    }

    private static RuleCalls.Case arith(String expected, Object a, String op, Object b) {
        return new RuleCalls.Case(show(a) + " " + op + " " + show(b), () -> new RuleArithmetic().eval(op, a, b),
                expected, false);
    }

    private static RuleCalls.Case arithFails(String reason, Object a, String op, Object b) {
        return new RuleCalls.Case(show(a) + " " + op + " " + show(b), () -> new RuleArithmetic().eval(op, a, b),
                reason, true);
    }

    private static RuleCalls.Case logic(String expected, String op, Object... args) {
        return new RuleCalls.Case(RuleCalls.label(op, args), () -> new RuleLogic(op).eval(args), expected, false);
    }

    private static RuleCalls.Case in(String expected, Object... args) {
        return new RuleCalls.Case(RuleCalls.label("in", args), () -> new RuleIn().eval(args), expected, false);
    }

    private static RuleCalls.Case array(String expected, Object... args) {
        return new RuleCalls.Case(RuleCalls.label("[...]", args), () -> new RuleArray().eval(args), expected, false);
    }

    static Stream<RuleCalls.Case> comparisons() {
        return Stream.of(
                // undefined: two undefined sides are equal, one makes every comparison false
                cmp("true", UNDEFINED, "=", UNDEFINED),
                cmp("true", UNDEFINED, "<=", UNDEFINED),
                cmp("true", UNDEFINED, ">=", UNDEFINED),
                cmp("false", UNDEFINED, "!=", UNDEFINED),
                cmp("false", UNDEFINED, "<>", UNDEFINED),
                cmp("false", UNDEFINED, "<", UNDEFINED),
                cmp("false", UNDEFINED, ">", UNDEFINED),
                cmp("false", UNDEFINED, "=", 1),
                cmp("false", UNDEFINED, "!=", 1),
                cmp("false", 1, "!=", UNDEFINED),
                cmp("false", 1, "<", UNDEFINED),
                cmp("false", "a", "<>", UNDEFINED),
                cmp("false", j("null"), "=", UNDEFINED),
                // numbers by value, whatever their type
                cmp("true", 1, "=", 1.0),
                cmp("true", j("1"), "=", dec("1.0")),
                cmp("true", 2L, "=", 2),
                cmp("true", dec("2.50"), "=", 2.5),
                cmp("true", 1, "<", 2),
                cmp("true", 2.5, ">", 2),
                cmp("true", 100, ">=", 100),
                cmp("false", 100L, "<=", 99),
                cmp("true", 1, "!=", 2),
                cmp("false", 5, "<>", 5),
                cmp("true", -1.5, "<", -1),
                cmp("true", 9007199254740993L, ">", 9007199254740992L),
                cmp("true", 9007199254740993L, ">", 9007199254740992.0),
                cmp("true", 0.0, "=", -0.0),
                cmp("true", j("123456789012345678901234567890"), ">", 1),
                // a number and a string: the string is read as a number
                cmp("true", 1, "=", "1"),
                cmp("true", "1.5", "=", 1.5),
                cmp("true", 10, ">", "5"),
                cmp("false", 9, ">", "10"),
                cmp("true", "-3", "<", 0),
                cmp("true", j("120"), ">=", "100"),
                cmp("true", 1000, "=", "1.0e3"),
                cmp("true", 5, "=", "+5"),
                cmpFails("cannot compare a number with the string \"abc\"", 1, "=", "abc"),
                cmpFails("cannot compare a number with the string \"\"", 1, ">", ""),
                cmpFails("cannot compare a number with the string \" 1\"", 1, "=", " 1"),
                cmpFails("cannot compare a number with the string \"1e3\"", 1000, "=", "1e3"),
                cmpFails("cannot compare a number with the string \"x\"", "x", "<", 2.5),
                // strings: by their characters (so "10" < "9")
                cmp("true", "a", "=", "a"),
                cmp("false", "a", "=", "b"),
                cmp("true", "a", "<", "b"),
                cmp("false", "10", ">", "9"),
                cmp("true", "abc", "<", "abd"),
                cmp("true", "", "=", ""),
                cmp("true", payload("x"), "=", "x"),
                cmp("true", "9", ">", "10"),
                cmp("true", "你好", "=", "你好"),
                // booleans and JSON null against their names
                cmp("true", true, "=", "true"),
                cmp("true", j("null"), "=", "null"),
                cmp("false", false, "=", "true"),
                cmp("true", true, "=", true),
                cmp("false", true, "=", false),
                cmp("true", true, "!=", false),
                cmp("true", j("null"), "=", j("null")),
                // objects and arrays: equal or not, numbers by value inside too
                cmp("true", j("{\"a\":1}"), "=", j("{\"a\":1}")),
                cmp("true", j("{\"a\":1}"), "=", j("{\"a\":1.0}")),
                cmp("true", j("[1,2]"), "=", j("[1,2]")),
                cmp("false", j("[1,2]"), "=", j("[2,1]")),
                cmp("true", j("{\"a\":1}"), "!=", j("{\"a\":2}")),
                cmp("false", j("{\"a\":1}"), "=", "{\"a\":1}"),
                cmp("false", 1, "=", true),
                cmp("true", 1, "!=", true),
                cmp("false", j("[1]"), "=", 1),
                // =~ matches a topic against a filter
                cmp("true", "t/1/x", "=~", "t/+/x"),
                cmp("true", "b/1/2", "=~", "b/#"),
                cmp("false", "a/b", "=~", "a/+/c"),
                cmp("true", "t", "=~", "#"),
                cmp("false", "t/1", "=~", "t"),
                cmp("false", UNDEFINED, "=~", "t/#"),
                cmpFails("unknown comparison ~", 1, "~", 1));
    }

    static Stream<RuleCalls.Case> arithmetic() {
        return Stream.of(
                arith("3", 1, "+", 2),
                arith("3.5", 1, "+", 2.5),
                arith("3.0", 1.5, "+", 1.5),
                arith("4.0", 1.5, "+", dec("2.5")),
                arith("9223372036854775808", 9223372036854775807L, "+", 1),
                arith("12", j("5"), "+", 7L),
                // + concatenates when a side is a string
                arith("\"ab\"", "a", "+", "b"),
                arith("\"n=1\"", "n=", "+", 1),
                arith("\"12\"", 1, "+", "2"),
                arith("\"x1.5\"", "x", "+", 1.5),
                arith("\"0.3!\"", 0.1 + 0.2, "+", "!"),
                arith("\"vtrue\"", "v", "+", true),
                arith("\"m{\\\"a\\\":1}\"", "m", "+", j("{\"a\":1}")),
                arith("\"{\\\"a\\\":1}!\"", payload("{\"a\":1}"), "+", "!"),
                arith("\"x1\"", "x", "+", j("1")),
                arithFails("on an undefined value", UNDEFINED, "+", 1),
                arithFails("on an undefined value", 1, "+", UNDEFINED),
                arithFails("needs numbers, got true and 1", true, "+", 1),
                arithFails("needs numbers, got [1] and 1", j("[1]"), "+", 1),
                arith("2", 5, "-", 3),
                arith("-2", 3, "-", 5),
                arith("0.5", 1.5, "-", 1),
                arith("-7", 0, "-", 7),
                arith("-1.5", 0, "-", 1.5),
                arith("-9223372036854775809", -9223372036854775808L, "-", 1),
                arithFails("needs numbers, got \"5\" and 1", "5", "-", 1),
                arith("42", 6, "*", 7),
                arith("5.0", 2.5, "*", 2),
                arith("18446744073709551614", 9223372036854775807L, "*", 2),
                arith("0", 0, "*", -5),
                arithFails("needs numbers, got \"a\" and 2", "a", "*", 2),
                arithFails("not a finite number", 1e308, "*", 1e308),
                arith("3.5", 7, "/", 2),
                arith("2.0", 4, "/", 2),
                arith("0.0", 0, "/", 5),
                arith("-3.5", -7, "/", 2),
                arith("0.25", 1, "/", 4.0),
                arithFails("division by zero", 1, "/", 0),
                arithFails("division by zero", 1.0, "/", 0.0),
                arith("3", 7, "div", 2),
                arith("-3", -7, "div", 2),
                arith("-3", 7, "div", -2),
                arith("0", 1, "div", 2),
                arith("9223372036854775808", -9223372036854775808L, "div", -1),
                arithFails("division by zero", 7, "div", 0),
                arithFails("'div' needs integers", 7.0, "div", 2),
                arith("1", 7, "mod", 2),
                arith("-1", -7, "mod", 2),
                arith("1", 7, "mod", -2),
                arith("0", 6, "mod", 3),
                arithFails("division by zero", 7, "mod", 0),
                arithFails("'mod' needs integers", 7.5, "mod", 2),
                arithFails("unknown operator ^", 2, "^", 3));
    }

    static Stream<RuleCalls.Case> logicInArray() {
        return Stream.of(
                logic("true", "and", true, true),
                logic("false", "and", true, false),
                logic("false", "and", true, UNDEFINED),
                logic("false", "and", "true", true),
                logic("true", "and", j("true"), BooleanNode.TRUE),
                logic("true", "or", false, true),
                logic("false", "or", UNDEFINED, UNDEFINED),
                logic("false", "or", false, false),
                logic("true", "or", 1, true),
                logic("false", "or", 1, "true"),
                logic("false", "not", true),
                logic("true", "not", false),
                logic("true", "not", j("false")),
                // NOT of anything but a boolean is false, as in EMQX
                logic("false", "not", UNDEFINED),
                logic("false", "not", "abc"),
                logic("false", "not", 0),
                logic("false", "not", j("null")),
                in("true", 1, 1, 2),
                in("false", 3, 1, 2),
                in("true", "a", "a", "b"),
                in("false", "c", "a", "b"),
                in("true", 2L, j("2")),
                in("true", j("{\"a\":1}"), j("{\"a\":1}")),
                in("true", UNDEFINED, 1, UNDEFINED),
                in("false", UNDEFINED, 1),
                in("false", 1),
                // exact equality, as EMQX's lists:member
                in("false", 1, 1.0),
                in("false", "1", 1),
                in("false", 1, "1"),
                in("true", 1.5, dec("1.5")),
                in("true", payload("x"), "x"),
                array("[1,\"x\",[1]]", 1, "x", j("[1]")),
                array("[]"),
                array("[null]", UNDEFINED),
                array("[true,1.5,2.5,7]", true, 1.5, dec("2.5"), 7L),
                array("[\"{\\\"a\\\":1}\",{\"a\":1}]", payload("{\"a\":1}"), j("{\"a\":1}")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("comparisons")
    void compareAsEmqx(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arithmetic")
    void arithmeticAsEmqx(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("logicInArray")
    void logicInAndArrays(RuleCalls.Case c) {
        c.check();
    }

    @Test
    void anEarlierErrorIsPassedOnUnchanged() {
        assertThat(new RuleCompare().eval("=", EARLIER, 1)).isSameAs(EARLIER);
        assertThat(new RuleCompare().eval("<", UNDEFINED, EARLIER)).isSameAs(EARLIER);
        assertThat(new RuleArithmetic().eval("+", 1, EARLIER)).isSameAs(EARLIER);
        assertThat(new RuleArithmetic().eval("/", EARLIER, 0)).isSameAs(EARLIER);
        assertThat(new RuleLogic("and").eval(false, EARLIER)).isSameAs(EARLIER);
        assertThat(new RuleLogic("not").eval(EARLIER)).isSameAs(EARLIER);
        assertThat(new RuleIn().eval(1, EARLIER, 1)).isSameAs(EARLIER);
        assertThat(new RuleArray().eval(1, EARLIER)).isSameAs(EARLIER);
    }

    @Test
    void aFailedOperationNamesTheOperator() {
        assertThat(assertError(new RuleArithmetic().eval("/", 1, 0), "division by zero").message())
                .isEqualTo("/: division by zero");
        assertThat(assertError(new RuleArithmetic().eval("div", 1.5, 1), "needs integers").function())
                .isEqualTo("div");
        assertThat(assertError(new RuleCompare().eval(">", 1, "x"), "cannot compare").function()).isEqualTo(">");
    }

    @Test
    void ruleNumberReadsNumbersAndNumericStrings() {
        RuleWindowValues.ToNumber f = new RuleWindowValues.ToNumber();
        assertThat(f.eval(1)).isEqualTo(1.0);
        assertThat(f.eval(2L)).isEqualTo(2.0);
        assertThat(f.eval("2.5")).isEqualTo(2.5);
        assertThat(f.eval(j("3"))).isEqualTo(3.0);
        assertThat(f.eval(dec("1.25"))).isEqualTo(1.25);
        assertThat(f.eval(payload("7"))).isEqualTo(7.0);
        assertThat(f.eval("abc")).isNull();
        assertThat(f.eval(true)).isNull();
        assertThat(f.eval(j("{\"a\":1}"))).isNull();
        assertThat(f.eval(UNDEFINED)).isNull();
        assertThat(f.eval(EARLIER)).isNull();
    }

    @Test
    void ruleFromNumberKeepsWholeNumbersWhole() {
        RuleWindowValues.FromNumber f = new RuleWindowValues.FromNumber();
        assertThat(json(f.eval(2.0))).isEqualTo("2");
        assertThat(json(f.eval(-3.0))).isEqualTo("-3");
        assertThat(json(f.eval(0.0))).isEqualTo("0");
        assertThat(json(f.eval(2.5))).isEqualTo("2.5");
        assertThat(json(f.eval(1e16))).isEqualTo("1.0E16");
        assertThat(f.eval(null)).isNull();
    }

    @Test
    void groupKeysGoThroughTheirJsonText() {
        RuleWindowValues.ToKey toKey = new RuleWindowValues.ToKey();
        RuleWindowValues.FromKey fromKey = new RuleWindowValues.FromKey();
        assertThat(toKey.eval("a")).isEqualTo("\"a\"");
        assertThat(toKey.eval(1)).isEqualTo("1");
        assertThat(toKey.eval(1.5)).isEqualTo("1.5");
        assertThat(toKey.eval(j("{\"a\":[1]}"))).isEqualTo("{\"a\":[1]}");
        assertThat(toKey.eval(j("null"))).isEqualTo("null");
        assertThat(toKey.eval(UNDEFINED)).isNull();
        assertThat(toKey.eval(EARLIER)).isNull();
        for (Object v : new Object[] {"a", 1, true, j("{\"a\":[1]}"), j("null"), "你好"}) {
            assertThat(json(fromKey.eval(toKey.eval(v)))).isEqualTo(Json.write(io.github.mqttkafkabridge.bridge
                    .value.RuleValues.of(v)));
        }
        assertThat(fromKey.eval(null)).isNull();
    }

    @Test
    void windowBoundsAreEpochMilliseconds() {
        RuleWindowValues.EpochMillis f = new RuleWindowValues.EpochMillis();
        assertThat(f.eval(LocalDateTime.of(1970, 1, 1, 0, 0, 1))).isEqualTo(1000L);
        assertThat(f.eval(LocalDateTime.of(2024, 1, 1, 0, 0, 0, 123_000_000))).isEqualTo(1704067200123L);
        assertThat(f.eval(Instant.ofEpochMilli(1704067200123L))).isEqualTo(1704067200123L);
        assertThat(f.eval((LocalDateTime) null)).isNull();
        assertThat(f.eval((Instant) null)).isNull();
    }

    @Test
    void ruleTrueIsOnlyTheBooleanTrue() {
        RuleIsTrue f = new RuleIsTrue();
        assertThat(f.eval(BooleanNode.TRUE)).isTrue();
        assertThat(f.eval(j("true"))).isTrue();
        assertThat(f.eval(BooleanNode.FALSE)).isFalse();
        assertThat(f.eval(j("\"true\""))).isFalse();
        assertThat(f.eval(j("1"))).isFalse();
        assertThat(f.eval(UNDEFINED)).isFalse();
        assertThat(f.eval(EARLIER)).isFalse();
    }

    @Test
    void ruleIsErrorTellsErrorsFromValues() {
        RuleIsError f = new RuleIsError();
        assertThat(f.eval(EARLIER)).isTrue();
        assertThat(f.eval(new RuleError("x", "y"))).isTrue();
        assertThat(f.eval(j("1"))).isFalse();
        assertThat(f.eval(UNDEFINED)).isFalse();
    }

    @Test
    void ruleValueAndOnceMakeSqlValuesRuleValues() {
        RuleValueOf value = new RuleValueOf();
        RuleOnce once = new RuleOnce();
        assertThat(json(value.eval("a"))).isEqualTo("\"a\"");
        assertThat(json(value.eval(1))).isEqualTo("1");
        assertThat(json(value.eval(2L))).isEqualTo("2");
        assertThat(json(value.eval(1.5))).isEqualTo("1.5");
        assertThat(json(value.eval(dec("2.5")))).isEqualTo("2.5");
        assertThat(json(value.eval(true))).isEqualTo("true");
        JsonNode node = j("{\"a\":1}");
        assertThat(value.eval(node)).isSameAs(node);
        assertThat(value.eval(EARLIER)).isSameAs(EARLIER);
        assertThat(value.eval(UNDEFINED)).isNull();
        assertThat(json(once.eval("a"))).isEqualTo("\"a\"");
        assertThat(once.eval(node)).isSameAs(node);
        assertThat(once.eval(EARLIER)).isSameAs(EARLIER);
        assertThat(once.isDeterministic()).isFalse();
    }

    @Test
    void topicMatchUsesMqttFilters() {
        RuleTopicMatch f = new RuleTopicMatch();
        assertThat(f.eval("t/1", "t/#")).isTrue();
        assertThat(f.eval("t", "t/#")).isTrue();
        assertThat(f.eval("a/b/c", "a/+")).isFalse();
        assertThat(f.eval("a/b/c", "a/+/c")).isTrue();
        assertThat(f.eval("vehicles/7/telemetry", "vehicles/+/telemetry")).isTrue();
        assertThat(f.eval("$SYS/x", "#")).isFalse();
    }

    @Test
    void republishedByFindsThisRulesStamp() {
        RuleRepublishedBy f = new RuleRepublishedBy();
        JsonNode stamped = j("{\"User-Property-Pairs\":[{\"key\":\"foo\",\"value\":\"bar\"},"
                + "{\"key\":\"" + EventSchema.REPUBLISHED_BY + "\",\"value\":\"r1\"}]}");
        assertThat(f.eval(stamped, "r1")).isTrue();
        assertThat(f.eval(stamped, "r2")).isFalse();
        assertThat(f.eval(j("{\"User-Property-Pairs\":[{\"key\":\"foo\",\"value\":\"r1\"}]}"), "r1")).isFalse();
        assertThat(f.eval(j("{}"), "r1")).isFalse();
        assertThat(f.eval(UNDEFINED, "r1")).isFalse();
        assertThat(f.eval(EARLIER, "r1")).isFalse();
    }
}
