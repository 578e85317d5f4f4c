package io.github.mqttkafkabridge.bridge.rule.udf;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.stream.Stream;

import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.EARLIER;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.UNDEFINED;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.call;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.fails;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.j;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.json;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.ok;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * EMQX's time functions. Units are second (default), millisecond, microsecond and nanosecond; RFC 3339 text is in
 * the local time zone (as EMQX's), so expected texts are built for the zone the test runs in.
 */
class TimeFunctionsTest {
    private static final long NEW_YEAR_2024 = 1704067200L;
    /** 2024-03-01T10:30:38+08:00. */
    private static final long MARCH_2024 = 1709260238L;

    /** The RFC 3339 text of a second in the local zone, with {@code fraction} (".123") after the seconds. */
    private static String local(long epochSecond, String fraction) {
        Instant t = Instant.ofEpochSecond(epochSecond);
        ZoneOffset offset = ZoneId.systemDefault().getRules().getOffset(t);
        return LocalDateTime.ofInstant(t, offset).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss"))
                + fraction + (offset.getTotalSeconds() == 0 ? "+00:00" : offset.getId());
    }

    private static String q(String s) {
        return "\"" + s + "\"";
    }

    static Stream<RuleCalls.Case> toRfc3339() {
        return Stream.of(
                ok(q(local(0, "")), "unix_ts_to_rfc3339", 0),
                ok(q(local(0, "")), "unix_ts_to_rfc3339", 0, "second"),
                ok(q(local(NEW_YEAR_2024, "")), "unix_ts_to_rfc3339", NEW_YEAR_2024),
                ok(q(local(MARCH_2024, "")), "unix_ts_to_rfc3339", (int) MARCH_2024, "second"),
                ok(q(local(NEW_YEAR_2024, ".123")), "unix_ts_to_rfc3339", 1704067200123L, "millisecond"),
                ok(q(local(NEW_YEAR_2024, ".000")), "unix_ts_to_rfc3339", 1704067200000L, "millisecond"),
                ok(q(local(NEW_YEAR_2024, ".123456")), "unix_ts_to_rfc3339", 1704067200123456L, "microsecond"),
                ok(q(local(NEW_YEAR_2024, ".123456789")), "unix_ts_to_rfc3339", 1704067200123456789L, "nanosecond"),
                ok(q(local(NEW_YEAR_2024, ".000000001")), "unix_ts_to_rfc3339", 1704067200000000001L, "nanosecond"),
                ok(q(local(253402300799L, "")), "unix_ts_to_rfc3339", 253402300799L),
                ok(q(local(NEW_YEAR_2024, "")), "unix_ts_to_rfc3339", j("1704067200")),
                fails("expects an integer", "unix_ts_to_rfc3339", 1.5),
                fails("expects a number, got \"abc\"", "unix_ts_to_rfc3339", "abc"),
                fails("expects a number, got undefined", "unix_ts_to_rfc3339", UNDEFINED),
                fails("\"minute\" is not one of second, millisecond, microsecond, nanosecond",
                        "unix_ts_to_rfc3339", 0, "minute"),
                fails("\"Second\" is not one of", "unix_ts_to_rfc3339", 0, "Second"),
                fails("expects a string, got undefined", "unix_ts_to_rfc3339", 0, UNDEFINED),
                fails("expects 1 to 2 argument(s), got 0", "unix_ts_to_rfc3339"));
    }

    static Stream<RuleCalls.Case> fromRfc3339() {
        return Stream.of(
                ok("1704067200", "rfc3339_to_unix_ts", "2024-01-01T00:00:00Z"),
                ok("1704063600500", "rfc3339_to_unix_ts", "2024-01-01T00:00:00.5+01:00", "millisecond"),
                ok("0", "rfc3339_to_unix_ts", "1970-01-01T00:00:00+00:00"),
                ok("1709260238", "rfc3339_to_unix_ts", "2024-03-01T10:30:38+08:00"),
                ok("1709260238", "rfc3339_to_unix_ts", "2024-03-01T10:30:38+08:00", "second"),
                // a fraction is cut to the unit
                ok("1709260238", "rfc3339_to_unix_ts", "2024-03-01T10:30:38.333+08:00", "second"),
                ok("1709260238333", "rfc3339_to_unix_ts", "2024-03-01T10:30:38.333+08:00", "millisecond"),
                ok("1709260238333000", "rfc3339_to_unix_ts", "2024-03-01T10:30:38.333+08:00", "microsecond"),
                ok("1709260238333000000", "rfc3339_to_unix_ts", "2024-03-01T10:30:38.333+08:00", "nanosecond"),
                ok("1709260238333444", "rfc3339_to_unix_ts", "2024-03-01T10:30:38.333444+08:00", "microsecond"),
                ok("1709260238333444555", "rfc3339_to_unix_ts", "2024-03-01T10:30:38.333444555+08:00", "nanosecond"),
                ok("1704079800", "rfc3339_to_unix_ts", "2023-12-31T23:00:00-04:30"),
                // Erlang takes any separator between date and time, and a lowercase z
                ok("1704067200", "rfc3339_to_unix_ts", "2024-01-01t00:00:00z"),
                ok("1704067200", "rfc3339_to_unix_ts", "2024-01-01 00:00:00Z"),
                fails("not an RFC 3339 time", "rfc3339_to_unix_ts", "2024-02-30T00:00:00Z"),
                fails("not an RFC 3339 time", "rfc3339_to_unix_ts", "not a date"),
                fails("not an RFC 3339 time", "rfc3339_to_unix_ts", "2024-01-01"),
                fails("not an RFC 3339 time", "rfc3339_to_unix_ts", "2024-01-01T00:00:00"),
                fails("not an RFC 3339 time", "rfc3339_to_unix_ts", 1704067200),
                fails("expects a string, got undefined", "rfc3339_to_unix_ts", UNDEFINED),
                fails("\"minute\" is not one of", "rfc3339_to_unix_ts", "2024-01-01T00:00:00Z", "minute"));
    }

    static Stream<RuleCalls.Case> formatDate() {
        return Stream.of(
                ok("\"1970-01-01 08:00:00\"", "format_date", "second", "+08:00", "%Y-%m-%d %H:%M:%S", 0),
                ok("\"20240101T000000.123+0000\"", "format_date", "millisecond", "Z", "%Y%m%dT%H%M%S.%3N%z",
                        1704067200123L),
                ok("\"03--01--2024---09:30:38+0700\"", "format_date", "second", "+07:00",
                        "%m--%d--%Y---%H:%M:%S%z", MARCH_2024),
                ok("\"2024-03-01 10:30:38+08:00\"", "format_date", "second", "+08:00", "%Y-%m-%d %H:%M:%S%:z",
                        MARCH_2024),
                ok("\"10:30:38 +08:00:00\"", "format_date", "second", "+08:00", "%H:%M:%S %::z", MARCH_2024),
                ok("\"23:00:38 -0330\"", "format_date", "second", "-03:30", "%H:%M:%S %z", MARCH_2024),
                ok("\"+0530\"", "format_date", "second", "+05:30", "%z", 0),
                ok("\"03:30:38 +01:00\"", "format_date", "second", 3600, "%H:%M:%S %:z", MARCH_2024),
                ok("\"02:30:38 +00:00\"", "format_date", "second", "z", "%H:%M:%S %:z", MARCH_2024),
                ok("\"10:30:38\"", "format_date", "second", "+0800", "%H:%M:%S", MARCH_2024),
                ok("\"10:30:38\"", "format_date", "second", "+08:00:00", "%H:%M:%S", MARCH_2024),
                // undefined offset is UTC, as in EMQX
                ok("\"02:30:38 +0000\"", "format_date", "second", UNDEFINED, "%H:%M:%S %z", MARCH_2024),
                // fractions of the second in the given unit
                ok("\"00.123000000\"", "format_date", "millisecond", "Z", "%S.%N", 1704067200123L),
                ok("\"123000\"", "format_date", "millisecond", "Z", "%6N", 1704067200123L),
                ok("\"000\"", "format_date", "second", "Z", "%3N", NEW_YEAR_2024),
                ok("\"123|123456|123456000\"", "format_date", "microsecond", "Z", "%3N|%6N|%N", 1704067200123456L),
                ok("\"123|123456|123456789\"", "format_date", "nanosecond", "Z", "%3N|%6N|%N", 1704067200123456789L),
                ok("\"007\"", "format_date", "millisecond", "Z", "%3N", 1704067200007L),
                // anything else is text
                ok("\"1970 %x %% at\"", "format_date", "second", "Z", "%Y %x %% at", 0),
                ok("\"plain\"", "format_date", "second", "Z", "plain", 0),
                ok("\"\"", "format_date", "second", "Z", "", 0),
                ok("\"年2024\"", "format_date", "second", "Z", "年%Y", NEW_YEAR_2024),
                // years far from 1970 in every unit
                ok("\"2300-01-01\"", "format_date", "second", "Z", "%Y-%m-%d", 10413792000L),
                ok("\"2300-01-01\"", "format_date", "millisecond", "Z", "%Y-%m-%d", 10413792000000L),
                ok("\"9999-12-31\"", "format_date", "second", "Z", "%Y-%m-%d", 253402300799L),
                fails("\"minute\" is not one of", "format_date", "minute", "Z", "%Y", 0),
                fails("is not a time offset", "format_date", "second", "abc", "%Y", 0),
                fails("is not a time offset", "format_date", "second", "+25:00", "%Y", 0),
                fails("expects a string, got undefined", "format_date", "second", "Z", UNDEFINED, 0),
                fails("expects an integer", "format_date", "second", "Z", "%Y", 1.5),
                fails("expects 3 to 4 argument(s), got 2", "format_date", "second", "Z"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("toRfc3339")
    void unixTsToRfc3339(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fromRfc3339")
    void rfc3339ToUnixTs(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("formatDate")
    void formatDateUnderstandsEmqxDirectives(RuleCalls.Case c) {
        c.check();
    }

    @ParameterizedTest
    @CsvSource({"second, 1", "millisecond, 1000", "microsecond, 1000000", "nanosecond, 1000000000"})
    void nowTimestampIsTheCurrentTimeInTheUnit(String unit, long perSecond) {
        long before = System.currentTimeMillis() / 1000;
        JsonNode now = (JsonNode) call("now_timestamp", unit);
        long after = System.currentTimeMillis() / 1000 + 1;
        assertThat(now.isIntegralNumber()).isTrue();
        assertThat(now.longValue() / perSecond).isBetween(before, after);
    }

    @Test
    void nowTimestampDefaultsToSeconds() {
        long before = System.currentTimeMillis() / 1000;
        JsonNode now = (JsonNode) call("now_timestamp");
        assertThat(now.longValue()).isBetween(before, before + 2);
        RuleCalls.assertError(call("now_timestamp", "minute"), "is not one of");
        RuleCalls.assertError(call("now_timestamp", "second", "x"), "expects 0 to 1 argument(s), got 2");
    }

    @ParameterizedTest
    @CsvSource({"second, 0", "millisecond, 3", "microsecond, 6", "nanosecond, 9"})
    void nowRfc3339HasTheUnitsFractionDigitsAndReadsBack(String unit, int digits) {
        long before = System.currentTimeMillis() / 1000;
        String now = text(call("now_rfc3339", unit));
        assertThat(now).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d"
                + (digits == 0 ? "" : "\\.\\d{" + digits + "}") + "[+-]\\d\\d:\\d\\d");
        assertThat(OffsetDateTime.parse(now).toEpochSecond()).isBetween(before, before + 2);
        long nanos = ((JsonNode) call("rfc3339_to_unix_ts", now, "nanosecond")).longValue();
        long perSecond = (long) Math.pow(10, digits);
        assertThat(json(call("rfc3339_to_unix_ts", now, unit)))
                .isEqualTo(String.valueOf(nanos / (1_000_000_000L / perSecond)));
        assertThat(text(call("now_rfc3339"))).matches(".*T\\d\\d:\\d\\d:\\d\\d[+-]\\d\\d:\\d\\d");
    }

    @ParameterizedTest
    @CsvSource({"second, 1709260238", "millisecond, 1709260238333", "microsecond, 1709260238333444",
            "nanosecond, 1709260238333444555", "second, 0", "millisecond, 1"})
    void unixTsToRfc3339AndBackIsTheSameTime(String unit, long ts) {
        Object rfc = call("unix_ts_to_rfc3339", ts, unit);
        assertThat(json(call("rfc3339_to_unix_ts", rfc, unit))).isEqualTo(String.valueOf(ts));
    }

    @Test
    void formatDateWithoutATimestampFormatsNow() {
        String year = String.valueOf(OffsetDateTime.now(ZoneOffset.UTC).getYear());
        assertThat(text(call("format_date", "second", "Z", "%Y"))).isEqualTo(year);
        assertThat(text(call("format_date", "millisecond", "+00:00", "%Y"))).isEqualTo(year);
    }

    @Test
    void formatDateWithLocalUsesTheLocalOffset() {
        ZoneOffset local = ZoneId.systemDefault().getRules().getOffset(Instant.now());
        String expected = local.getTotalSeconds() == 0 ? "+00:00" : local.getId();
        assertThat(text(call("format_date", "second", "local", "%:z", 0))).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"now_timestamp", "now_rfc3339", "unix_ts_to_rfc3339", "rfc3339_to_unix_ts"})
    void anEarlierErrorIsPassedOnUnchanged(String fn) {
        assertThat(call(fn, EARLIER)).isSameAs(EARLIER);
        assertThat(call("format_date", "second", "Z", "%Y", EARLIER)).isSameAs(EARLIER);
    }

    static Stream<RuleCalls.Case> emqxFiveTenTime() {
        return Stream.of(
                // timezone_to_offset_seconds and its EMQX 4 name, from emqx_rule_funcs_SUITE
                ok("7200", "timezone_to_offset_seconds", "+02:00:00"),
                ok("-7200", "timezone_to_offset_seconds", "-02:00:00"),
                ok("102", "timezone_to_offset_seconds", "+00:01:42"),
                ok("0", "timezone_to_offset_seconds", "z"),
                ok("0", "timezone_to_offset_seconds", "Z"),
                ok("42", "timezone_to_offset_seconds", 42),
                ok("0", "timezone_to_offset_seconds", UNDEFINED),
                ok("28800", "timezone_to_offset_seconds", "+08:00"),
                ok("-5400", "timezone_to_offset_seconds", "-0130"),
                ok("7200", "timezone_to_second", "+02:00:00"),
                ok("42", "timezone_to_second", 42),
                fails("is not a time offset", "timezone_to_offset_seconds", "08:00"),
                fails("is not a time offset", "timezone_to_offset_seconds", "+24:00"),
                fails("is not a time offset", "timezone_to_offset_seconds", "+08:60"),
                fails("is not a time offset", "timezone_to_offset_seconds", "+8"),
                fails("is not a time offset", "timezone_to_offset_seconds", ""),
                fails("expects a time offset, got 1.5", "timezone_to_offset_seconds", 1.5),
                fails("expects a time offset, got null", "timezone_to_second", j("null")),
                // date_to_unix_ts, from emqx_rule_funcs_SUITE
                ok("1709260238", "date_to_unix_ts", "second", "+08:00", "%Y-%m-%d %H-%M-%S", "2024-03-01 10:30:38"),
                ok("1709260238", "date_to_unix_ts", "second", "+08:00", "%Y-%m-%d %H-%M-%S.%3N",
                        "2024-03-01 10:30:38.333"),
                ok("1709260238333", "date_to_unix_ts", "millisecond", "+08:00", "%Y-%m-%d %H-%M-%S.%3N",
                        "2024-03-01 10:30:38.333"),
                ok("1709260238333000", "date_to_unix_ts", "microsecond", "+08:00", "%Y-%m-%d %H-%M-%S.%3N",
                        "2024-03-01 10:30:38.333"),
                ok("1709260238333000000", "date_to_unix_ts", "nanosecond", "+08:00", "%Y-%m-%d %H-%M-%S.%3N",
                        "2024-03-01 10:30:38.333"),
                ok("1709260238333444", "date_to_unix_ts", "microsecond", "+08:00", "%Y-%m-%d %H-%M-%S.%6N",
                        "2024-03-01 10:30:38.333444"),
                ok("1653561612", "date_to_unix_ts", "second", "%Y-%m-%d %H:%M:%S", "2022-05-26 10:40:12"),
                // literal format characters are skipped, not compared (EMQX 4 compatibility)
                ok("1653561612", "date_to_unix_ts", "second", "%Y-%m-%d %H-%M-%S", "2022-05-26 10:40:12"),
                ok("1653561612", "date_to_unix_ts", "second", "%Y-%m-%d %H:%M:%S", "2022-05-26 10-40-12"),
                ok("1709217100", "date_to_unix_ts", "second", "%Y-%m-%d %H:%M:%S", "2024-02-29 14:31:40"),
                ok("1709297071", "date_to_unix_ts", "second", "%Y-%m-%d %H:%M:%S", "2024-03-01 12:44:31"),
                ok("4107588271", "date_to_unix_ts", "second", "%Y-%m-%d %H:%M:%S", "2100-03-01 12:44:31"),
                ok("1709188300", "date_to_unix_ts", "second", "+08:00", "%Y-%m-%d %H:%M:%S", "2024-02-29 14:31:40"),
                ok("4107559471", "date_to_unix_ts", "second", "+08:00", "%Y-%m-%d %H:%M:%S", "2100-03-01 12:44:31"),
                ok("1708671600", "date_to_unix_ts", "second", "%Y-%m-%d %H:%M:%S.%3N%:z",
                        "2024-02-23 15:00:00.123+08:00"),
                ok("1708671600123", "date_to_unix_ts", "millisecond", "%Y-%m-%d %H:%M:%S.%3N%z",
                        "2024-02-23 15:00:00.123+0800"),
                ok("1708671600", "date_to_unix_ts", "second", 28800, "%Y-%m-%d %H:%M:%S", "2024-02-23 15:00:00"),
                ok("-62167219200", "date_to_unix_ts", "second", "%Y-%m-%d %H:%M:%S", "0000-01-01 00:00:00"),
                fails("is not a number for %m", "date_to_unix_ts", "second", "%y-%m-%d %H:%M:%S",
                        "2022-05-26 10:40:12"),
                fails("the month is missing", "date_to_unix_ts", "second", "%Y-%d %H:%M:%S", "2022-32 10:40:12"),
                fails("the year is missing", "date_to_unix_ts", "second", "%H:%M:%S", "10:40:12"),
                fails("is not a valid date", "date_to_unix_ts", "second", "%Y-%m-%d %H:%M:%S", "2022-05-32 10:40:12"),
                fails("is not a valid date", "date_to_unix_ts", "second", "%Y-%m-%d %H:%M:%S", "2023-02-29 10:40:12"),
                fails("is not a valid date", "date_to_unix_ts", "second", "%Y-%m-%d %H:%M:%S", "2024-02-30 10:40:12"),
                fails("does not match", "date_to_unix_ts", "second", "%Y-%m-%d %H:%M:%S", "2022-05-26 10:4"),
                fails("is not one of second", "date_to_unix_ts", "hour", "%Y", "2022"),
                fails("is not a time offset", "date_to_unix_ts", "second", "8", "%Y-%m-%d %H:%M:%S",
                        "2024-02-23 15:00:00"),
                fails("expects 3 to 4 argument(s), got 2", "date_to_unix_ts", "second", "%Y"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emqxFiveTenTime")
    void emqxFiveTenAdditions(RuleCalls.Case c) {
        c.check();
    }

    @Test
    void localOffsetIsTheSystemZonesOffsetNow() {
        int expected = ZoneId.systemDefault().getRules().getOffset(Instant.now()).getTotalSeconds();
        assertThat(json(call("timezone_to_offset_seconds", "local"))).isEqualTo(String.valueOf(expected));
    }
}
