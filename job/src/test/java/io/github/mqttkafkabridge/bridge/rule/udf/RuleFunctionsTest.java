package io.github.mqttkafkabridge.bridge.rule.udf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.EARLIER;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.UNDEFINED;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.call;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.fails;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.j;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.ok;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

/** The registry of EMQX's built-ins, and getenv and the UUIDs it holds itself. */
class RuleFunctionsTest {
    /** Every built-in the README lists. */
    private static final Set<String> DOCUMENTED = Set.of(
            "acosh", "asinh", "atanh", "div", "mod", "eq", "bitand", "bitor", "bitxor", "bitnot", "bitsl", "bitsr",
            "bitsize", "bytesize", "subbits", "float2str", "str_utf16_le", "sqlserver_bin2hexstr", "null", "hash",
            "gzip", "gunzip", "zip", "unzip", "zip_compress", "zip_uncompress", "unescape",
            "join_to_sql_values_string", "map_to_redis_hset_args", "date_to_unix_ts", "timezone_to_offset_seconds",
            "timezone_to_second",
            "abs", "ceil", "floor", "round", "sqrt", "power", "exp", "log", "log10", "log2", "fmod", "sin", "cos",
            "tan", "asin", "acos", "atan", "sinh", "cosh", "tanh", "random",
            "lower", "upper", "trim", "ltrim", "rtrim", "reverse", "strlen", "substr", "split", "tokens", "concat",
            "pad", "replace", "regex_match", "regex_replace", "regex_extract", "ascii", "find", "rm_prefix",
            "join_to_string", "sprintf", "sprintf_s",
            "str", "str_utf8", "int", "float", "bool", "map", "bin2hexstr", "hexstr2bin", "is_null", "is_not_null",
            "is_null_var", "is_not_null_var", "is_str", "is_bool", "is_int", "is_float", "is_num", "is_map",
            "is_array", "is_empty",
            "map_get", "map_put", "mget", "mput", "map_new", "map_keys", "map_values", "map_size", "map_to_entries",
            "nth", "length", "sublist", "first", "last", "contains", "coalesce", "coalesce_ne",
            "md5", "sha", "sha256", "base64_encode", "base64_decode", "json_encode", "json_decode",
            "now_timestamp", "now_rfc3339", "unix_ts_to_rfc3339", "rfc3339_to_unix_ts", "format_date",
            "getenv", "uuid_v4", "uuid_v4_no_hyphen", "jq");

    static Stream<RuleCalls.Case> getenv() {
        return Stream.of(
                // only EMQXVAR_ variables are readable; a missing one is ""
                ok("\"\"", "getenv", "PATH"),
                ok("\"\"", "getenv", "HOME"),
                ok("\"\"", "getenv", "EMQXVAR_PATH"),
                ok("\"\"", "getenv", "SURELY_NOT_SET_4711"),
                ok("\"\"", "getenv", ""),
                fails("expects a string, got undefined", "getenv", UNDEFINED),
                fails("expects a string, got null", "getenv", j("null")),
                fails("expects a string, got {}", "getenv", j("{}")),
                fails("expects 1 argument(s), got 0", "getenv"),
                fails("expects 1 argument(s), got 2", "getenv", "A", "B"),
                fails("expects 0 argument(s), got 1", "uuid_v4", "x"),
                fails("expects 0 argument(s), got 1", "uuid_v4_no_hyphen", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("getenv")
    void getenvReadsOnlyEmqxVariables(RuleCalls.Case c) {
        c.check();
    }

    @Test
    void getenvReadsTheEmqxVariableOfEitherName() {
        // Whatever EMQXVAR_ variables this process has, both spellings read them.
        System.getenv().forEach((name, value) -> {
            if (name.startsWith(RuleFunctions.GETENV_PREFIX)) {
                assertThat(text(call("getenv", name))).isEqualTo(value);
                assertThat(text(call("getenv", name.substring(RuleFunctions.GETENV_PREFIX.length()))))
                        .isEqualTo(value);
            }
        });
        assertThat(RuleFunctions.GETENV_PREFIX).isEqualTo("EMQXVAR_");
    }

    @Test
    void uuidV4IsARandomVersion4Uuid() {
        String a = text(call("uuid_v4"));
        String b = text(call("uuid_v4"));
        assertThat(a).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(b).isNotEqualTo(a);
        String c = text(call("uuid_v4_no_hyphen"));
        assertThat(c).matches("[0-9a-f]{12}4[0-9a-f]{3}[89ab][0-9a-f]{15}");
        assertThat(text(call("uuid_v4_no_hyphen"))).isNotEqualTo(c);
        assertThat(Stream.generate(() -> text(call("uuid_v4"))).limit(100).collect(Collectors.toSet())).hasSize(100);
    }

    @Test
    void everyDocumentedFunctionIsRegistered() {
        assertThat(RuleFunctions.names()).containsAll(DOCUMENTED);
        assertThat(RuleFunctions.exists("lower")).isTrue();
        assertThat(RuleFunctions.exists("bitand")).isTrue();
        assertThat(RuleFunctions.exists("kv_store_get")).isFalse();
        assertThat(RuleFunctions.exists("LOWER")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"getenv", "uuid_v4", "uuid_v4_no_hyphen", "now_timestamp", "now_rfc3339", "random"})
    void functionsOfTheMomentAreNotDeterministic(String fn) {
        assertThat(RuleFunctions.isDeterministic(fn)).isFalse();
        assertThat(new EmqxFunction(fn).isDeterministic()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"lower", "concat", "map_get", "json_decode", "format_date", "jq", "unix_ts_to_rfc3339"})
    void theOthersAreDeterministic(String fn) {
        assertThat(RuleFunctions.isDeterministic(fn)).isTrue();
        assertThat(new EmqxFunction(fn).isDeterministic()).isTrue();
    }

    @Test
    void anEarlierErrorIsPassedOnUnchanged() {
        assertThat(call("getenv", EARLIER)).isSameAs(EARLIER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kv_store_get('k')", "kv_store_put('k', 1)", "kv_store_del('k')", "proc_dict_get('k')",
            "proc_dict_put('k', 1)", "proc_dict_del('k')", "term_encode(1)", "term_decode(payload)", "mongo_date()",
            "peerhost()", "clientip()", "contains_topic(a, 't')", "contains_topic_match(a, 't')"})
    void functionsTheBridgeCannotHaveFailAtStartUpWithTheReason(String expr) {
        String fn = expr.substring(0, expr.indexOf('('));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.github.mqttkafkabridge.bridge.rule.RuleCompiler
                        .compile("r", "SELECT 1 AS x,\n  " + expr + " AS y FROM \"t/#\""))
                .hasMessageStartingWith("line 2, column 3: function " + fn + "() is not supported: ")
                .hasMessageNotContaining("unknown");
    }

    @Test
    void theStartUpErrorSaysWhyKvStoreIsNotSupported() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.github.mqttkafkabridge.bridge.rule.RuleCompiler
                        .compile("r", "SELECT kv_store_get('a') FROM \"t/#\""))
                .hasMessage("line 1, column 8: function kv_store_get() is not supported: it reads EMQX's node-local "
                        + "store, which the bridge does not have");
    }
}
