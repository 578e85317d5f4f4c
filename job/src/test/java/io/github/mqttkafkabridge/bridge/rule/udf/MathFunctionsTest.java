package io.github.mqttkafkabridge.bridge.rule.udf;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.stream.Stream;

import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.EARLIER;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.UNDEFINED;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.assertError;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.call;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.dec;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.fails;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.j;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** EMQX's math functions: ceil, floor and round give integers, the others floats; no NaN or infinity. */
class MathFunctionsTest {

    static Stream<RuleCalls.Case> integerResults() {
        return Stream.of(
                ok("3", "abs", -3),
                ok("3", "abs", 3),
                ok("0", "abs", 0),
                ok("3", "abs", -3L),
                ok("7", "abs", j("-7")),
                // a numeric string is read as EMQX reads it: an integer stays exact, anything else is a float
                ok("1700000000123456789", "abs", "-1700000000123456789"),
                ok("2.0", "abs", "-2.0"),
                ok("9223372036854775808", "abs", Long.MIN_VALUE),
                ok("100000000000000000000", "ceil", 1e20),
                ok("-100000000000000000000", "floor", -1e20),
                ok("100000000000000000000", "round", 1e20),
                ok("2", "ceil", 1.2),
                ok("-1", "ceil", -1.2),
                ok("5", "ceil", 5),
                ok("1", "ceil", 1.0),
                ok("3", "ceil", dec("2.5")),
                ok("9007199254740993", "ceil", 9007199254740993L),
                ok("1", "floor", 1.8),
                ok("-2", "floor", -1.2),
                ok("-1", "floor", -0.5),
                ok("7", "floor", 7),
                ok("9007199254740993", "floor", 9007199254740993L),
                // Erlang's round/1 rounds halves away from zero
                ok("3", "round", 2.5),
                ok("-3", "round", -2.5),
                ok("2", "round", 2.4),
                ok("-3", "round", -2.6),
                ok("1", "round", 0.5),
                ok("-1", "round", -0.5),
                ok("0", "round", 0.49),
                ok("7", "round", 7),
                ok("4", "round", j("3.5")),
                fails("expects a number, got undefined", "abs", UNDEFINED),
                fails("expects a number, got \"abc\"", "ceil", "abc"),
                fails("expects a number, got null", "floor", j("null")),
                fails("expects a number, got true", "round", true),
                fails("expects a number", "round", j("[1]")),
                fails("expects 1 argument(s), got 2", "ceil", 1, 2));
    }

    static Stream<RuleCalls.Case> floatResults() {
        return Stream.of(
                ok("4.0", "sqrt", 16),
                ok("1.4142135623730951", "sqrt", 2),
                ok("0.0", "sqrt", 0),
                ok("2.5", "sqrt", dec("6.25")),
                ok("1.0", "exp", 0),
                ok("2.718281828459045", "exp", 1),
                ok("0.0", "log", 1),
                ok("1.0", "log", 2.718281828459045),
                ok("3.0", "log10", 1000),
                ok("-3.0", "log10", 0.001),
                ok("3.0", "log2", 8),
                ok("29.0", "log2", 536870912),
                ok("62.0", "log2", 4611686018427387904L),
                ok("0.0", "log2", 1),
                ok("-1.0", "log2", 0.5),
                ok("0.0", "sin", 0),
                ok("1.0", "sin", Math.PI / 2),
                ok("1.0", "cos", 0),
                ok("0.0", "tan", 0),
                ok("1.5707963267948966", "asin", 1),
                ok("0.0", "acos", 1),
                ok("0.7853981633974483", "atan", 1),
                ok("0.0", "sinh", 0),
                ok("1.0", "cosh", 0),
                ok("0.0", "tanh", 0),
                ok("1024.0", "power", 2, 10),
                ok("0.5", "power", 2, -1),
                ok("1.0", "power", 0, 0),
                ok("1.4142135623730951", "power", 2, 0.5),
                ok("0.25", "power", dec("0.5"), 2L),
                ok("1.0", "fmod", 7, 3),
                ok("-1.0", "fmod", -7, 3),
                ok("1.0", "fmod", 7, -3),
                ok("1.5", "fmod", 5.5, 2),
                ok("0.0", "fmod", 6, 3));
    }

    static Stream<RuleCalls.Case> failures() {
        return Stream.of(
                // where Erlang's math functions raise badarith
                fails("not a finite number", "sqrt", -1),
                fails("not a finite number", "log", 0),
                fails("not a finite number", "log", -1),
                fails("not a finite number", "log10", 0),
                fails("not a finite number", "log2", 0),
                fails("not a finite number", "exp", 1000),
                fails("not a finite number", "sinh", 1000),
                fails("not a finite number", "cosh", 1000),
                fails("not a finite number", "asin", 2),
                fails("not a finite number", "acos", -2),
                fails("not a finite number", "power", 10, 400),
                fails("not a finite number", "power", -8, 1.0 / 3),
                fails("not a finite number", "fmod", 5, 0),
                // wrong argument types and counts
                fails("expects a number, got \"abc\"", "sqrt", "abc"),
                fails("expects a number, got undefined", "sqrt", UNDEFINED),
                fails("expects a number, got null", "exp", j("null")),
                fails("expects a number, got {}", "sin", j("{}")),
                fails("expects a number, got false", "cos", false),
                fails("expects a number, got undefined", "power", UNDEFINED, 2),
                fails("expects a number, got undefined", "power", 2, UNDEFINED),
                fails("expects a number, got \"x\"", "fmod", 1, "x"),
                fails("expects 1 argument(s), got 0", "sqrt"),
                fails("expects 2 argument(s), got 1", "power", 2),
                fails("expects 2 argument(s), got 3", "fmod", 1, 2, 3),
                fails("expects 0 argument(s), got 1", "random", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("integerResults")
    void absCeilFloorRoundGiveIntegers(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("floatResults")
    void theOthersGiveFloats(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void noResultIsNaNOrInfinite(RuleCalls.Case c) {
        c.check();
    }

    @RepeatedTest(20)
    void randomIsAFloatFromZeroToOne() {
        Object r = call("random");
        assertThat(r).isInstanceOf(JsonNode.class);
        JsonNode n = (JsonNode) r;
        assertThat(n.isDouble()).isTrue();
        assertThat(n.doubleValue()).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
    }

    @Test
    void randomIsNotTheSameEveryTime() {
        assertThat(Stream.generate(() -> ((JsonNode) call("random")).doubleValue()).limit(10).distinct().count())
                .isGreaterThan(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abs", "ceil", "floor", "round", "sqrt", "exp", "log", "log10", "log2", "sin", "cos",
            "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh"})
    void anEarlierErrorIsPassedOnUnchanged(String fn) {
        assertThat(call(fn, EARLIER)).isSameAs(EARLIER);
        assertThat(call("power", 2, EARLIER)).isSameAs(EARLIER);
        assertThat(call("fmod", EARLIER, 2)).isSameAs(EARLIER);
    }

    @Test
    void theErrorNamesTheFunction() {
        assertThat(assertError(call("sqrt", -4), "not a finite number").function()).isEqualTo("sqrt");
        assertThat(assertError(call("power", "a", 2), "expects a number").message())
                .isEqualTo("power: expects a number, got \"a\"");
    }

    static Stream<RuleCalls.Case> hyperbolicInverses() {
        return Stream.of(
                ok("0.0", "asinh", 0),
                ok("0.0", "acosh", 1),
                ok("0.0", "atanh", 0),
                ok("-1.0E-10", "asinh", -1e-10),
                fails("not a finite number", "acosh", 0.5),
                fails("not a finite number", "atanh", 1),
                fails("not a finite number", "atanh", -1.5),
                fails("expects a number, got undefined", "asinh", UNDEFINED));
    }

    static Stream<RuleCalls.Case> integerOperations() {
        return Stream.of(
                // div truncates toward zero; mod is Erlang's rem (the dividend's sign)
                ok("3", "div", 7, 2),
                ok("-3", "div", -7, 2),
                ok("-3", "div", 7, -2),
                ok("1", "mod", 7, 2),
                ok("-1", "mod", -7, 2),
                ok("1", "mod", 7, -2),
                ok("1", "mod", 3, 2),
                ok("4611686018427387904", "div", j("9223372036854775808"), 2),
                fails("division by zero", "div", 1, 0),
                fails("division by zero", "mod", 1, 0),
                // integers only, as EMQX's is_integer guards
                fails("expects an integer, got 7.0", "div", 7.0, 2),
                fails("expects an integer, got \"7\"", "mod", "7", 2),
                fails("expects an integer, got undefined", "mod", 7, UNDEFINED),
                ok("8", "bitand", 12, 10),
                ok("14", "bitor", 12, 10),
                ok("6", "bitxor", 12, 10),
                ok("-6", "bitnot", 5),
                ok("-1", "bitnot", 0),
                ok("-9223372036854775809", "bitnot", j("9223372036854775808")),
                ok("1180591620717411303424", "bitsl", 1, 70),
                ok("2", "bitsl", 8, -2),
                ok("-4", "bitsr", -8, 1),
                ok("8", "bitsr", 1, -3),
                ok("-1", "bitsr", -1, 100),
                ok("0", "bitsr", 5, j("100000000000")),
                ok("0", "bitsl", 0, j("100000000000")),
                fails("would exceed", "bitsl", 1, 100000),
                fails("expects an integer, got 1.5", "bitand", 1.5, 1),
                fails("expects an integer, got true", "bitor", true, 1),
                fails("expects 1 argument(s), got 2", "bitnot", 1, 2));
    }

    static Stream<RuleCalls.Case> erlangEquality() {
        return Stream.of(
                ok("true", "eq", 1, 1),
                ok("true", "eq", 1, 1.0),
                ok("false", "eq", 1, 2),
                ok("false", "eq", "1", 1),
                ok("true", "eq", "a", "a"),
                ok("false", "eq", "a", "A"),
                ok("true", "eq", j("[1,{\"a\":2}]"), j("[1.0,{\"a\":2.0}]")),
                ok("true", "eq", j("null"), j("null")),
                ok("false", "eq", j("null"), UNDEFINED),
                ok("true", "eq", UNDEFINED, UNDEFINED),
                ok("true", "eq", true, j("true")),
                ok("true", "eq", "AB", call("hexstr2bin", "4142")),
                fails("expects 2 argument(s), got 1", "eq", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource({"hyperbolicInverses", "integerOperations", "erlangEquality"})
    void emqxFiveTenAdditions(RuleCalls.Case c) {
        c.check();
    }

    @Test
    void hyperbolicInversesMatchTheCLibrary() {
        // values of C's asinh, acosh, atanh (Erlang's math module calls them)
        assertThat(((JsonNode) call("asinh", 1.5)).doubleValue()).isCloseTo(1.1947632172871094, within(1e-15));
        assertThat(((JsonNode) call("acosh", 2.0)).doubleValue()).isCloseTo(1.3169578969248166, within(1e-15));
        assertThat(((JsonNode) call("atanh", 0.5)).doubleValue()).isCloseTo(0.5493061443340548, within(1e-15));
        assertThat(((JsonNode) call("acosh", 1e10)).doubleValue()).isCloseTo(23.7189981105004, within(1e-13));
        assertThat(((JsonNode) call("asinh", -1.5)).doubleValue()).isCloseTo(-1.1947632172871094, within(1e-15));
    }
}
