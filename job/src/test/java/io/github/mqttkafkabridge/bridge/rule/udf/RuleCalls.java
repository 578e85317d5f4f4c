package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.JsonText;
import io.github.mqttkafkabridge.bridge.value.RuleError;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Calls rule functions as compiled rules do (arguments as Flink passes them) and checks their results: a JSON
 * value (compared by its JSON text, so 2 and 2.0 differ), undefined ({@code null}) or a {@link RuleError}.
 */
final class RuleCalls {
    /** Undefined, typed so that it is one argument rather than a null argument array. */
    static final Object UNDEFINED = null;

    /** An error of an earlier expression, which every function passes on unchanged. */
    static final RuleError EARLIER = new RuleError("earlier", "it failed before");

    private RuleCalls() {}

    /** {@code name(args...)} through the Flink function compiled rules call ({@code EMQX_<NAME>}). */
    static Object call(String name, Object... args) {
        return new EmqxFunction(name).eval(args);
    }

    /** A JSON value (a Jackson tree), as a rule value read from a payload. */
    static JsonNode j(String json) {
        return Json.read(json);
    }

    /** A payload string that may hold JSON. */
    static JsonText payload(String text) {
        return new JsonText(text);
    }

    /** SQL's DECIMAL literal, such as {@code 1.5} in a rule. */
    static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }

    /** The JSON text of a result; null for undefined; fails for an error. */
    static String json(Object result) {
        if (result instanceof RuleError e) {
            return fail("expected a value, got the error " + e.message());
        }
        if (result == null) {
            return null;
        }
        assertThat(result).isInstanceOf(JsonNode.class);
        return Json.write((JsonNode) result);
    }

    /** The text of a string result. */
    static String text(Object result) {
        json(result);
        assertThat(((JsonNode) result).isTextual()).as("a string: %s", json(result)).isTrue();
        return ((JsonNode) result).textValue();
    }

    /** Asserts an error whose reason contains {@code reasonFragment}; returns it. */
    static RuleError assertError(Object result, String reasonFragment) {
        if (!(result instanceof RuleError)) {
            return fail("expected an error containing \"" + reasonFragment + "\", got "
                    + (result instanceof JsonNode n ? Json.write(n) : String.valueOf(result)));
        }
        RuleError e = (RuleError) result;
        assertThat(e.reason()).as("reason of %s", e.message()).contains(reasonFragment);
        return e;
    }

    /** One expected call: a value given as JSON text ({@code "undefined"} for undefined), or an error. */
    record Case(String label, Supplier<Object> call, String expected, boolean error) {
        void check() {
            Object result = call.get();
            if (error) {
                assertError(result, expected);
            } else if (expected.equals("undefined")) {
                assertThat(json(result)).as(label).isNull();
            } else {
                assertThat(json(result)).as(label).isEqualTo(expected);
            }
        }

        @Override
        public String toString() {
            return label + (error ? " fails: " + expected : " = " + expected);
        }
    }

    /** {@code fn(args)} gives the JSON value {@code expected} ({@code "undefined"} for undefined). */
    static Case ok(String expected, String fn, Object... args) {
        return new Case(label(fn, args), () -> call(fn, args), expected, false);
    }

    /** {@code fn(args)} fails with a reason containing {@code reasonFragment}. */
    static Case fails(String reasonFragment, String fn, Object... args) {
        return new Case(label(fn, args), () -> call(fn, args), reasonFragment, true);
    }

    static String label(String fn, Object... args) {
        return fn + "(" + Arrays.stream(args).map(RuleCalls::show).collect(Collectors.joining(", ")) + ")";
    }

    static String show(Object arg) {
        if (arg == null) {
            return "undefined";
        }
        if (arg instanceof JsonText t) {
            return "payload " + Json.quote(t.textValue());
        }
        if (arg instanceof JsonNode n) {
            return "json " + Json.write(n);
        }
        if (arg instanceof String s) {
            return Json.quote(s);
        }
        if (arg instanceof RuleError e) {
            return "error";
        }
        return arg + " (" + arg.getClass().getSimpleName() + ")";
    }
}
