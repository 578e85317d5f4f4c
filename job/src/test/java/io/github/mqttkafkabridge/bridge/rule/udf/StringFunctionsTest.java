package io.github.mqttkafkabridge.bridge.rule.udf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

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
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

/** EMQX's string functions: EMQX's argument orders and results, and failures for arguments EMQX rejects. */
class StringFunctionsTest {

    static Stream<RuleCalls.Case> caseConversion() {
        return Stream.of(
                ok("\"ABC4\"", "upper", "abc4"),
                ok("\"0abc\"", "lower", "0ABC"),
                ok("\"\"", "lower", ""),
                ok("\"\"", "upper", ""),
                ok("\"äöü ß\"", "lower", "ÄÖÜ ß"),
                ok("\"ÀÉÎ\"", "upper", "àéî"),
                ok("\"i\"", "lower", "I"),
                ok("\"I\"", "upper", "i"),
                ok("\"true\"", "lower", true),
                ok("\"{\\\"a\\\":1}\"", "lower", payload("{\"A\":1}")),
                fails("expects a string, got undefined", "lower", UNDEFINED),
                fails("expects a string, got null", "upper", j("null")),
                fails("expects a string", "lower", j("{\"a\":1}")),
                fails("expects a string", "upper", j("[\"a\"]")),
                fails("expects 1 argument(s), got 2", "lower", "a", "b"),
                fails("expects 1 argument(s), got 0", "upper"));
    }

    static Stream<RuleCalls.Case> trimming() {
        return Stream.of(
                ok("\"\"", "trim", ""),
                ok("\"\"", "ltrim", ""),
                ok("\"\"", "rtrim", ""),
                ok("\"abc\"", "trim", " abc "),
                ok("\"abc \"", "ltrim", " abc "),
                ok("\" abc\"", "rtrim", " abc"),
                ok("\" abc\"", "rtrim", " abc  "),
                ok("\"x\"", "trim", "\t\n x \r\n"),
                ok("\"a b\"", "trim", "  a b  "),
                ok("\"\"", "trim", "   "),
                ok("\"你好\"", "trim", " 你好 "),
                fails("undefined", "trim", UNDEFINED),
                fails("undefined", "ltrim", UNDEFINED),
                fails("null", "rtrim", j("null")),
                fails("expects a string", "trim", j("[]")));
    }

    static Stream<RuleCalls.Case> reverseAndLength() {
        return Stream.of(
                ok("\"dcba\"", "reverse", "abcd"),
                ok("\"4321\"", "reverse", "1234"),
                ok("\"\"", "reverse", ""),
                ok("\"好你\"", "reverse", "你好"),
                ok("\"b😀a\"", "reverse", "a😀b"),
                fails("undefined", "reverse", UNDEFINED),
                ok("4", "strlen", "abcd"),
                ok("2", "strlen", "你好"),
                ok("0", "strlen", ""),
                ok("5", "strlen", "héllo"),
                ok("1", "strlen", "😀"),
                ok("7", "strlen", payload("{\"a\":1}")),
                fails("expects a string, got undefined", "strlen", UNDEFINED),
                fails("expects a string, got null", "strlen", j("null")),
                fails("expects a string", "strlen", j("{}")));
    }

    static Stream<RuleCalls.Case> substr() {
        return Stream.of(
                ok("\"\"", "substr", "", 1),
                ok("\"bc\"", "substr", "abc", 1),
                ok("\"bc\"", "substr", "abcd", 1, 2),
                ok("\"hello\"", "substr", "hello", 0),
                ok("\"ello\"", "substr", "hello", 1),
                ok("\"ell\"", "substr", "hello", 1, 3),
                ok("\"ell\"", "substr", "hello", 1L, 3L),
                ok("\"\"", "substr", "hello", 5),
                ok("\"\"", "substr", "hello", 10),
                ok("\"\"", "substr", "hello", 10, 2),
                ok("\"llo\"", "substr", "hello", 2, 100),
                ok("\"\"", "substr", "hello", 1, 0),
                ok("\"\"", "substr", "hello", -1, 0),
                ok("\"好世\"", "substr", "你好世界", 1, 2),
                ok("\"ab\"", "substr", "😀ab", 1),
                ok("\"😀\"", "substr", "a😀b", 1, 1),
                ok("\"b\"", "substr", j("\"abc\""), j("1"), j("1")),
                fails("0 or more", "substr", "hello", -1),
                fails("0 or more", "substr", "hello", 1, -1),
                fails("expects an integer", "substr", "hello", 1.5),
                fails("expects an integer", "substr", "hello", RuleCalls.dec("1.0")),
                fails("expects a number", "substr", "hello", "one"),
                fails("expects a number, got undefined", "substr", "hello", UNDEFINED),
                fails("expects a string, got undefined", "substr", UNDEFINED, 1),
                fails("expects 2 to 3 argument(s), got 1", "substr", "hello"));
    }

    static Stream<RuleCalls.Case> split() {
        return Stream.of(
                ok("[]", "split", "", "/"),
                ok("[]", "split", "/", "/"),
                ok("[\"a\",\"b\",\"c\"]", "split", "/a/b/c", "/"),
                ok("[\"a\",\"b\",\"c\"]", "split", "/a/b//c/", "/"),
                ok("[\"a\",\"b\",\"c\"]", "split", "a,b,c", ","),
                ok("[\"a\",\" b \",\"c\"]", "split", "a, b ,c", ","),
                ok("[\"a\",\"b\",\"c\\n\"]", "split", "a,b,c\n", ","),
                ok("[\"a\",\"b\",\"c\"]", "split", "a::b::c", "::"),
                ok("[\"abc\"]", "split", "abc", "/"),
                ok("[\"abc\"]", "split", "abc", ""),
                ok("[]", "split", "", ""),
                ok("[\"a\",\"b\"]", "split", payload("a,b"), ","),
                ok("[\"哈哈\",\" 你好\"]", "split", "哈哈, 你好", ","),
                // notrim keeps empty parts
                ok("[\"\"]", "split", "", "/", "notrim"),
                ok("[\"\",\"\"]", "split", "/", "/", "notrim"),
                ok("[\"\",\"a\",\"b\",\"c\"]", "split", "/a/b/c", "/", "notrim"),
                ok("[\"\",\"a\",\"b\",\"\",\"c\",\"\"]", "split", "/a/b//c/", "/", "notrim"),
                ok("[\"a\",\" b\",\"c\\r\\n\"]", "split", "a, b,c\r\n", ",", "notrim"),
                ok("[\"哈哈\",\" 你好\",\" 是的\\r\\n\"]", "split", "哈哈, 你好, 是的\r\n", ",", "notrim"),
                // leading / trailing: at the first / last separator only
                ok("[]", "split", "", "/", "leading"),
                ok("[]", "split", "/", "/", "leading"),
                ok("[\"a/b/c\"]", "split", "/a/b/c", "/", "leading"),
                ok("[\"a\",\"b//c/\"]", "split", "a/b//c/", "/", "leading"),
                ok("[\"a b\",\"c\\r\\n\"]", "split", "a b,c\r\n", ",", "leading"),
                ok("[\"abc\"]", "split", "abc", "/", "leading"),
                ok("[\"\"]", "split", "", "/", "leading_notrim"),
                ok("[\"\",\"\"]", "split", "/", "/", "leading_notrim"),
                ok("[\"\",\"a/b/c\"]", "split", "/a/b/c", "/", "leading_notrim"),
                ok("[\"a\",\"b//c/\"]", "split", "a/b//c/", "/", "leading_notrim"),
                ok("[]", "split", "", "/", "trailing"),
                ok("[]", "split", "/", "/", "trailing"),
                ok("[\"/a/b\",\"c\"]", "split", "/a/b/c", "/", "trailing"),
                ok("[\"a/b//c\"]", "split", "a/b//c/", "/", "trailing"),
                ok("[\"哈哈, 你好\",\" 是的\\r\\n\"]", "split", "哈哈, 你好, 是的\r\n", ",", "trailing"),
                ok("[\"\"]", "split", "", "/", "trailing_notrim"),
                ok("[\"\",\"\"]", "split", "/", "/", "trailing_notrim"),
                ok("[\"/a/b\",\"c\"]", "split", "/a/b/c", "/", "trailing_notrim"),
                ok("[\"a/b//c\",\"\"]", "split", "a/b//c/", "/", "trailing_notrim"),
                fails("expects one of notrim, leading", "split", "a/b", "/", "all"),
                fails("expects one of", "split", "a/b", "/", "leadingx"),
                fails("expects a string, got undefined", "split", UNDEFINED, "/"),
                fails("expects a string, got undefined", "split", "a/b", UNDEFINED),
                fails("expects a string", "split", j("[\"a\"]"), ","),
                fails("expects 2 to 3 argument(s)", "split", "a"));
    }

    static Stream<RuleCalls.Case> tokens() {
        return Stream.of(
                ok("[]", "tokens", "", "/"),
                ok("[]", "tokens", "/", "/"),
                ok("[\"a\",\"b\",\"c\"]", "tokens", "/a/b/c", "/"),
                ok("[\"a\",\"b\",\"c\"]", "tokens", "/a/b//c/", "/"),
                ok("[\"a\",\"b\",\"c\"]", "tokens", " /a/ b /c", " /"),
                ok("[\"a\",\"\\nb\",\"c\\n\"]", "tokens", "a ,\nb,c\n", ", "),
                ok("[\"a\",\"b\",\"c\"]", "tokens", "a, b;c", ", ;"),
                ok("[\"abc\"]", "tokens", "abc", ""),
                ok("[\"a\",\"b\",\"c\"]", "tokens", "a,b, c\n", ", ", "nocrlf"),
                ok("[\"a\",\"b\",\"c\"]", "tokens", "a,b,c\r\n", ",", "nocrlf"),
                ok("[\"a\",\"b\",\"c\"]", "tokens", "a,b\r\n,c\n", ",", "nocrlf"),
                ok("[]", "tokens", "\r\n", ",", "nocrlf"),
                ok("[\"哈哈\",\"你好\",\"是的\"]", "tokens", "哈哈, 你好, 是的\r\n", ", ", "nocrlf"),
                fails("must be 'nocrlf'", "tokens", "a b", " ", "crlf"),
                fails("expects a string, got undefined", "tokens", UNDEFINED, ","),
                fails("expects a string, got undefined", "tokens", "a,b", UNDEFINED));
    }

    static Stream<RuleCalls.Case> concat() {
        return Stream.of(
                ok("\"ab\"", "concat", "a", "b"),
                ok("\"哈哈你好\"", "concat", "哈哈", "你好"),
                ok("\"a\"", "concat", "", "a"),
                ok("\"a\"", "concat", "a", ""),
                ok("\"\"", "concat", "", ""),
                ok("\"n=1\"", "concat", "n=", 1),
                ok("\"12\"", "concat", 1, 2L),
                ok("\"x1.5\"", "concat", "x", 1.5),
                ok("\"x0.1\"", "concat", "x", RuleCalls.dec("0.1")),
                ok("\"x2.0\"", "concat", "x", 2.0),
                // floats as EMQX writes them: at most 10 decimals
                ok("\"0.3\"", "concat", "", 0.1 + 0.2),
                ok("\"100000000000000000000.0\"", "concat", "", 1e20),
                ok("\"0.0\"", "concat", "", 1e-11),
                ok("\"vtrue\"", "concat", "v", true),
                ok("\"anull\"", "concat", "a", j("null")),
                ok("\"m{\\\"a\\\":1}\"", "concat", "m", j("{\"a\":1}")),
                ok("\"l[1,2]\"", "concat", "l", j("[1,2]")),
                ok("\"{\\\"a\\\":1}!\"", "concat", payload("{\"a\":1}"), "!"),
                // one argument: an array of parts
                ok("\"x1y\"", "concat", j("[\"x\",1,\"y\"]")),
                ok("\"\"", "concat", j("[]")),
                ok("\"a{\\\"b\\\":1}[2]\"", "concat", j("[\"a\",{\"b\":1},[2]]")),
                fails("expects an array", "concat", "abc"),
                fails("expects an array, got undefined", "concat", UNDEFINED),
                fails("expects 1 to 2 argument(s), got 3", "concat", "a", "b", "c"));
    }

    static Stream<RuleCalls.Case> pad() {
        return Stream.of(
                ok("\"abc  \"", "pad", "abc", 5),
                ok("\"abc\"", "pad", "abc", 0),
                ok("\"abc\"", "pad", "abc", 2),
                ok("\"abc\"", "pad", "abc", -1),
                ok("\"abc  \"", "pad", "abc", 5, "trailing"),
                ok("\"abc\"", "pad", "abc", 0, "trailing"),
                ok("\" abc \"", "pad", "abc", 5, "both"),
                ok("\" abc  \"", "pad", "abc", 6, "both"),
                ok("\"abc\"", "pad", "abc", 0, "both"),
                ok("\"  abc\"", "pad", "abc", 5, "leading"),
                ok("\"abc\"", "pad", "abc", 0, "leading"),
                ok("\"abcee\"", "pad", "abc", 5, "trailing", "e"),
                ok("\"abcexex\"", "pad", "abc", 5, "trailing", "ex"),
                ok("\"eabce\"", "pad", "abc", 5, "both", "e"),
                ok("\"exabcex\"", "pad", "abc", 5, "both", "ex"),
                ok("\"eeabc\"", "pad", "abc", 5, "leading", "e"),
                ok("\"exexabc\"", "pad", "abc", 5, "leading", "ex"),
                ok("\"007\"", "pad", "7", 3, "leading", "0"),
                ok("\"ab  \"", "pad", "ab", 4),
                ok("\"**你好\"", "pad", "你好", 4, "leading", "*"),
                ok("\"😀  \"", "pad", "😀", 3),
                ok("\"   \"", "pad", "", 3),
                fails("expects one of trailing, leading, both", "pad", "abc", 5, "middle"),
                fails("expects an integer", "pad", "abc", 5.5),
                fails("expects a number, got undefined", "pad", "abc", UNDEFINED),
                fails("expects a string, got undefined", "pad", UNDEFINED, 5),
                fails("expects a string, got null", "pad", j("null"), 5),
                fails("expects 2 to 4 argument(s), got 1", "pad", "abc"));
    }

    static Stream<RuleCalls.Case> replace() {
        return Stream.of(
                ok("\"ab-c--\"", "replace", "ab c  ", " ", "-"),
                ok("\"ab::c::::\"", "replace", "ab c  ", " ", "::"),
                ok("\"ab-c--\"", "replace", "ab c  ", " ", "-", "all"),
                ok("\"ab-c  \"", "replace", "ab c  ", " ", "-", "leading"),
                ok("\"ab c -\"", "replace", "ab c  ", " ", "-", "trailing"),
                ok("\"a+b+c\"", "replace", "a-b-c", "-", "+"),
                ok("\"a+b-c\"", "replace", "a-b-c", "-", "+", "leading"),
                ok("\"a-b+c\"", "replace", "a-b-c", "-", "+", "trailing"),
                ok("\"abc\"", "replace", "abc", "x", "y"),
                ok("\"abc\"", "replace", "abc", "x", "y", "leading"),
                ok("\"\"", "replace", "", "a", "b"),
                ok("\"ba\"", "replace", "aaa", "aa", "b"),
                ok("\"a-b-c\"", "replace", "a.b.c", ".", "-"),
                ok("\"ac\"", "replace", "abc", "b", ""),
                ok("\"héllo world\"", "replace", "héllo wörld", "ö", "o"),
                ok("\"$1\"", "replace", "x", "x", "$1"),
                fails("expects one of all, leading, trailing", "replace", "abc", "b", "x", "middle"),
                fails("expects a string, got undefined", "replace", UNDEFINED, "a", "b"),
                fails("expects a string, got undefined", "replace", "abc", UNDEFINED, "x"),
                fails("expects a string, got undefined", "replace", "abc", "b", UNDEFINED),
                fails("expects 3 to 4 argument(s), got 2", "replace", "abc", "b"));
    }

    static Stream<RuleCalls.Case> regex() {
        return Stream.of(
                ok("true", "regex_match", "acbcd", "c"),
                ok("true", "regex_match", "acbcd", "(ac)+"),
                ok("false", "regex_match", "bcd", "(ac)+"),
                ok("true", "regex_match", "", ".*"),
                ok("false", "regex_match", "", "[a-z]+"),
                ok("true", "regex_match", "exebd", "^[a-z]+$"),
                ok("false", "regex_match", "e2xebd", "^[a-z]+$"),
                ok("true", "regex_match", "dev-42", "^dev-[0-9]+$"),
                ok("true", "regex_match", payload("{\"id\":7}"), "\"id\":\\d"),
                fails("invalid regular expression", "regex_match", "abc", "("),
                fails("expects a string, got undefined", "regex_match", UNDEFINED, "a"),
                fails("expects a string, got undefined", "regex_match", "a", UNDEFINED),
                fails("expects 2 argument(s), got 1", "regex_match", "a"),
                ok("\"\"", "regex_replace", "", "c.*", "e"),
                ok("\"aebed\"", "regex_replace", "accbcd", "c+", "e"),
                ok("\"a#b#c\"", "regex_replace", "a1b22c", "[0-9]+", "#"),
                ok("\"abc\"", "regex_replace", "abc", "x", "y"),
                // Erlang's replacement syntax: & is the match, \N, \gN and \g{N} a group, \& a literal &
                ok("\"a[cc]b[c]d\"", "regex_replace", "accbcd", "c+", "[&]"),
                ok("\"01/03/2024\"", "regex_replace", "2024-03-01", "(\\d+)-(\\d+)-(\\d+)", "\\3/\\2/\\1"),
                ok("\"<2024>\"", "regex_replace", "2024-03", "(\\d+)-(\\d+)", "<\\g1>"),
                ok("\"<03>\"", "regex_replace", "2024-03", "(\\d+)-(\\d+)", "<\\g{2}>"),
                ok("\"a&b\"", "regex_replace", "a-b", "-", "\\&"),
                ok("\"$ $\"", "regex_replace", "x y", "x|y", "$"),
                ok("\"ab\"", "regex_replace", "a-b", "-", "\\5"),
                fails("invalid regular expression", "regex_replace", "abc", "[", "x"),
                fails("expects a string, got undefined", "regex_replace", UNDEFINED, "a", "b"),
                fails("expects a string, got undefined", "regex_replace", "a", "a", UNDEFINED),
                // regex_extract: the groups of the first match, never the whole match
                ok("[\"12345\"]", "regex_extract", "Number: 12345", "(\\d+)"),
                ok("[\"Hello\",\"world\"]", "regex_extract", "Hello, world!", "(\\w+).*\\s(\\w+)"),
                ok("[]", "regex_extract", "No numbers here!", "(\\d+)"),
                ok("[\"2021\",\"05\",\"20\"]", "regex_extract", "Date: 2021-05-20", "(\\d{4})-(\\d{2})-(\\d{2})"),
                ok("[]", "regex_extract", "abc123", "\\d+"),
                ok("[\"a\",\"1\"]", "regex_extract", "a1b2", "([a-z])(\\d)"),
                ok("[\"21.5\",\"40\"]", "regex_extract", "temp=21.5;hum=40", "temp=([0-9.]+);hum=([0-9]+)"),
                ok("[]", "regex_extract", "", "(a)"),
                fails("invalid regular expression", "regex_extract", "abc", "(?<"),
                fails("expects a string, got undefined", "regex_extract", UNDEFINED, "(a)"));
    }

    static Stream<RuleCalls.Case> searching() {
        return Stream.of(
                ok("97", "ascii", "a"),
                ok("97", "ascii", "ab"),
                ok("65", "ascii", "A"),
                ok("48", "ascii", "0"),
                ok("32", "ascii", " "),
                // the first byte of the UTF-8 text, as EMQX's ascii(<<Char:8, _/binary>>)
                ok("195", "ascii", "é"),
                ok("228", "ascii", "你"),
                fails("non-empty", "ascii", ""),
                fails("expects a string, got undefined", "ascii", UNDEFINED),
                ok("\"cbcd\"", "find", "acbcd", "c"),
                ok("\"cbcd\"", "find", "acbcd", "c", "leading"),
                ok("\"\"", "find", "acbcd", "e"),
                ok("\"\"", "find", "", "c"),
                ok("\"\"", "find", "", ""),
                ok("\"abc\"", "find", "abc", ""),
                ok("\"cd\"", "find", "acbcd", "c", "trailing"),
                ok("\"\"", "find", "acbcd", "e", "trailing"),
                ok("\"\"", "find", "", "c", "trailing"),
                ok("\"\"", "find", "", "", "trailing"),
                ok("\"abc\"", "find", "abc", "", "trailing"),
                ok("\"o world\"", "find", "hello world", "o"),
                ok("\"orld\"", "find", "hello world", "o", "trailing"),
                ok("\"世界\"", "find", "你好世界", "世"),
                fails("expects one of leading, trailing", "find", "abc", "b", "middle"),
                fails("expects a string, got undefined", "find", UNDEFINED, "a"),
                fails("expects a string, got undefined", "find", "abc", UNDEFINED),
                ok("\"7\"", "rm_prefix", "dev-7", "dev-"),
                ok("\"abc\"", "rm_prefix", "abc", "x"),
                ok("\"abc\"", "rm_prefix", "abc", ""),
                ok("\"\"", "rm_prefix", "abc", "abc"),
                ok("\"ab\"", "rm_prefix", "ab", "abc"),
                ok("\"bab\"", "rm_prefix", "abab", "a"),
                ok("\"世界\"", "rm_prefix", "你好世界", "你好"),
                fails("expects a string, got undefined", "rm_prefix", UNDEFINED, "a"),
                fails("expects a string, got null", "rm_prefix", j("null"), "a"));
    }

    static Stream<RuleCalls.Case> joinToString() {
        return Stream.of(
                ok("\"a,b,c\"", "join_to_string", ",", j("[\"a\",\"b\",\"c\"]")),
                ok("\"a b c\"", "join_to_string", " ", j("[\"a\",\"b\",\"c\"]")),
                ok("\"a, b, c\"", "join_to_string", ", ", j("[\"a\",\"b\",\"c\"]")),
                ok("\"1, a, c, {\\\"a\\\":1}, [1,2,3]\"", "join_to_string", ", ",
                        j("[1,\"a\",\"c\",{\"a\":1},[1,2,3]]")),
                ok("\"a\"", "join_to_string", ",", j("[\"a\"]")),
                ok("\"\"", "join_to_string", ",", j("[]")),
                ok("\"a-b\"", "join_to_string", "-", j("[\"a\",\"b\"]")),
                ok("\"1.5,true,null\"", "join_to_string", ",", j("[1.5,true,null]")),
                ok("\"ab\"", "join_to_string", "", j("[\"a\",\"b\"]")),
                ok("\"a, b, c\"", "join_to_string", j("[\"a\",\"b\",\"c\"]")),
                ok("\"x\"", "join_to_string", j("[\"x\"]")),
                fails("expects an array, got undefined", "join_to_string", ",", UNDEFINED),
                fails("expects an array", "join_to_string", ",", "abc"),
                fails("expects a string, got undefined", "join_to_string", UNDEFINED, j("[\"a\"]")),
                fails("expects 1 to 2 argument(s), got 3", "join_to_string", ",", j("[]"), j("[]")));
    }

    static Stream<RuleCalls.Case> sprintf() {
        return Stream.of(
                ok("\"Hello Shawn!\"", "sprintf", "Hello ~ts!", "Shawn"),
                ok("\"Name: ABC, Count: 2\"", "sprintf", "Name: ~ts, Count: ~p", "ABC", 2),
                ok("\"speed is 120\"", "sprintf", "~s is ~p", "speed", 120),
                ok("\"[1,2]\"", "sprintf", "~p", j("[1,2]")),
                ok("\"[1,2] and 3\"", "sprintf", "~w and ~w", j("[1,2]"), 3),
                ok("\"42\"", "sprintf", "~b", 42),
                ok("\"1.500000\"", "sprintf", "~f", 1.5),
                ok("\"3.14\"", "sprintf", "~.2f", 3.14159),
                ok("\"2.67\"", "sprintf", "~.2f", 2.675),
                ok("\"-0.50\"", "sprintf", "~.2f", -0.5),
                ok("\"2.0\"", "sprintf", "~.1f", RuleCalls.dec("2")),
                ok("\"a\\nb\"", "sprintf", "a~nb"),
                ok("\"100~ done\"", "sprintf", "100~~ done"),
                ok("\"no directives\"", "sprintf", "no directives"),
                ok("\"true null\"", "sprintf", "~p ~p", true, j("null")),
                ok("\"你好 世界\"", "sprintf", "~ts ~s", "你好", "世界"),
                fails("missing argument 1", "sprintf", "~s"),
                fails("2 arguments for 1 directives", "sprintf", "~s", "a", "b"),
                fails("unsupported directive ~x", "sprintf", "~x", 1),
                fails("expects an integer", "sprintf", "~b", 1.5),
                fails("expects a format string", "sprintf"),
                fails("expects a string, got undefined", "sprintf", UNDEFINED, 1),
                ok("\"3.14\"", "sprintf_s", "~.2f", j("[3.14159]")),
                ok("\"a-b\"", "sprintf_s", "~s-~s", j("[\"a\",\"b\"]")),
                ok("\"plain\"", "sprintf_s", "plain", j("[]")),
                ok("\"[1] 2\"", "sprintf_s", "~p ~p", j("[[1],2]")),
                fails("expects an array of arguments", "sprintf_s", "~s", "a"),
                fails("expects an array of arguments, got undefined", "sprintf_s", "~s", UNDEFINED),
                fails("expects 2 argument(s), got 3", "sprintf_s", "~s", j("[\"a\"]"), "b"),
                fails("missing argument 2", "sprintf_s", "~s~s", j("[\"a\"]")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caseConversion")
    void lowerAndUpper(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("trimming")
    void trimLtrimRtrim(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reverseAndLength")
    void reverseAndStrlen(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("substr")
    void substrIsZeroBased(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("split")
    void splitDropsEmptyPartsUnlessNotrim(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tokens")
    void tokensSplitsAtAnySeparatorCharacter(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("concat")
    void concatJoinsTheTextOfValues(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pad")
    void padFillsToALength(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replace")
    void replaceIsLiteral(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("regex")
    void regexMatchReplaceExtract(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("searching")
    void asciiFindRmPrefix(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("joinToString")
    void joinToString(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sprintf")
    void sprintfFormatsErlangDirectives(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest
    @ValueSource(strings = {"lower", "upper", "trim", "ltrim", "rtrim", "reverse", "strlen", "ascii"})
    void anEarlierErrorIsPassedOnUnchanged(String fn) {
        assertThat(call(fn, EARLIER)).isSameAs(EARLIER);
        assertThat(call("concat", "a", EARLIER)).isSameAs(EARLIER);
        assertThat(call("split", EARLIER, "/")).isSameAs(EARLIER);
    }

    @Test
    void aWrongArgumentNamesTheFunction() {
        assertThat(assertError(call("substr", "abc", "x"), "expects a number").function()).isEqualTo("substr");
        assertThat(assertError(call("lower", j("{}")), "expects a string, got {}").message())
                .isEqualTo("lower: expects a string, got {}");
    }

    @Test
    void resultsFeedFurtherCalls() {
        assertThat(text(call("concat", call("concat", "a", "b"), "c"))).isEqualTo("abc");
        assertThat(json(call("nth", 2, call("split", "car/7/x", "/")))).isEqualTo("\"7\"");
        assertThat(text(call("join_to_string", call("map_keys", payload("{\"a\":\"a\",\"b\":1,\"c\":\"c\"}")))))
                .isEqualTo("a, b, c");
        assertThat(text(call("join_to_string", call("map_values", payload("{\"a\":\"a\",\"b\":1,\"c\":\"c\"}")))))
                .isEqualTo("a, 1, c");
        assertThat(text(call("upper", call("substr", "hello", 1, 3)))).isEqualTo("ELL");
    }

    static Stream<RuleCalls.Case> emqxFiveTenStrings() {
        return Stream.of(
                // unescape, from emqx_rule_funcs_SUITE
                ok("\"\\n\"", "unescape", "\\n"),
                ok("\"\\t\"", "unescape", "\\t"),
                ok("\"\\r\"", "unescape", "\\r"),
                ok("\"\\b\"", "unescape", "\\b"),
                ok("\"\\f\"", "unescape", "\\f"),
                ok("\"\\u000B\"", "unescape", "\\v"),
                ok("\"'\"", "unescape", "\\'"),
                ok("\"\\\"\"", "unescape", "\\\""),
                ok("\"?\"", "unescape", "\\?"),
                ok("\"\\u0007\"", "unescape", "\\a"),
                ok("\"\\\\\"", "unescape", "\\\\"),
                ok("\"Hello, World!\"", "unescape", "Hello, World!"),
                ok("\"Hello,\\t World\\n!\"", "unescape", "Hello,\\t World\\n!"),
                ok("\"hej\\nhej\"", "unescape", "hej\\x0Ahej"),
                ok("\"ABC\"", "unescape", "\\x41\\x42\\x43"),
                ok("\"ÿ\"", "unescape", "\\xFF"),
                ok("\"A\"", "unescape", "\\x0041"),
                ok("\"€\"", "unescape", "\\x20AC"),
                ok("\"❤\"", "unescape", "\\x2764"),
                ok("\"Hello, 世界\"", "unescape", "Hello, \\x00004E16\\x0000754C"),
                ok("\"😀\"", "unescape", "\\x1F600"),
                ok("\"a\\\\\"", "unescape", "a\\"),
                fails("unrecognized escape sequence \\L", "unescape", "\\L"),
                fails("unrecognized escape sequence \\x", "unescape", "\\xG1"),
                fails("is not a Unicode character", "unescape", "\\x11000000"),
                fails("is not a Unicode character", "unescape", "\\xD800"),
                fails("expects a string, got null", "unescape", j("null")),
                fails("expects a string, got undefined", "unescape", UNDEFINED),
                // join_to_sql_values_string, from emqx_rule_funcs_SUITE
                ok("\"'a', 'b', 'c'\"", "join_to_sql_values_string", j("[\"a\",\"b\",\"c\"]")),
                ok("\"1, 'c', '{\\\"a\\\":1}', '[1,2,3]', '[97,98]', '[{\\\"key\\\":1}]'\"",
                        "join_to_sql_values_string", j("[1, \"c\", {\"a\":1}, [1,2,3], [97,98], [{\"key\":1}]]")),
                ok("\"'a'\"", "join_to_sql_values_string", j("[\"a\"]")),
                ok("\"\"", "join_to_sql_values_string", j("[]")),
                ok("\"1.5, 'true', 'null', 'it\\\\'s', 'a\\\\\\\\b'\"", "join_to_sql_values_string",
                        j("[1.5, true, null, \"it's\", \"a\\\\b\"]")),
                ok("\"'a', 1, 'c'\"", "join_to_sql_values_string", call("map_values", j("{\"a\":\"a\",\"b\":1,\"c\":\"c\"}"))),
                fails("expects an array, got undefined", "join_to_sql_values_string", UNDEFINED),
                // map_to_redis_hset_args: EMQX's marker, then field, value...
                ok("[\"map_to_redis_hset_args\"]", "map_to_redis_hset_args", j("{}")),
                ok("[\"map_to_redis_hset_args\",\"a\",\"1\"]", "map_to_redis_hset_args", j("{\"a\":1}")),
                ok("[\"map_to_redis_hset_args\",\"a\",\"1.1\"]", "map_to_redis_hset_args", j("{\"a\":1.1}")),
                ok("[\"map_to_redis_hset_args\",\"a\",\"0.333333\"]", "map_to_redis_hset_args", j("{\"a\":0.3333333}")),
                ok("[\"map_to_redis_hset_args\",\"a\",\"true\",\"b\",\"false\"]", "map_to_redis_hset_args",
                        j("{\"a\":true,\"b\":false}")),
                ok("[\"map_to_redis_hset_args\",\"a\",\"\",\"b\",\"i j\"]", "map_to_redis_hset_args",
                        j("{\"a\":\"\",\"b\":\"i j\"}")),
                ok("[\"map_to_redis_hset_args\",\"b\",\"2\"]", "map_to_redis_hset_args",
                        j("{\"a\":null,\"b\":2,\"c\":[1],\"d\":{}}")),
                ok("[\"map_to_redis_hset_args\",\"a\",\"1\"]", "map_to_redis_hset_args", payload("{\"a\":1}")),
                ok("[\"map_to_redis_hset_args\"]", "map_to_redis_hset_args", "not json"),
                ok("[\"map_to_redis_hset_args\"]", "map_to_redis_hset_args", j("[\"not map\"]")),
                ok("[\"map_to_redis_hset_args\"]", "map_to_redis_hset_args", UNDEFINED),
                // rtrim(S, Chars)
                ok("\"abc\"", "rtrim", "abcxyx", "xy"),
                ok("\"abc  \"", "rtrim", "abc  ", "x"),
                ok("\"a\"", "rtrim", "a🐸🐸", "🐸"),
                fails("expects a string, got null", "rtrim", j("null"), "x"),
                // argument forms EMQX accepts or refuses
                ok("\"x\"", "sprintf", "~ts", "x"),
                ok("\"a-1\"", "sprintf", "~ts-~p", "a", 1),
                fails("expects a string, got null", "strlen", j("null")),
                fails("expects a string, got null", "lower", j("null")),
                fails("expects a string, got null", "split", j("null"), ","));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emqxFiveTenStrings")
    void emqxFiveTenAdditions(RuleCalls.Case c) {
        c.check();
    }
}
