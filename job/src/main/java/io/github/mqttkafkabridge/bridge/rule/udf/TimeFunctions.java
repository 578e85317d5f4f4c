package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RuleEvaluationException;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleFunctions.Impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * EMQX's date and time functions. Units are {@code second} (the default), {@code millisecond},
 * {@code microsecond} and {@code nanosecond}; RFC 3339 text uses the bridge's time zone.
 */
final class TimeFunctions {
    private static final DateTimeFormatter RFC3339_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");
    private static final DateTimeFormatter RFC3339_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");
    private static final DateTimeFormatter RFC3339_MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx");
    private static final DateTimeFormatter RFC3339_NANOS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSxxx");

    private TimeFunctions() {}

    static void registerInto(Map<String, Impl> f) {
        f.put("date_to_unix_ts", TimeFunctions::dateToUnixTs);
        f.put("timezone_to_offset_seconds", a -> {
            Args.count(a, "timezone_to_offset_seconds", 1, 1);
            return LongNode.valueOf(offsetSeconds(a[0], "timezone_to_offset_seconds"));
        });
        // EMQX 4's name for timezone_to_offset_seconds.
        f.put("timezone_to_second", a -> {
            Args.count(a, "timezone_to_second", 1, 1);
            return LongNode.valueOf(offsetSeconds(a[0], "timezone_to_second"));
        });
        f.put("now_timestamp", a -> {
            Args.count(a, "now_timestamp", 0, 1);
            return LongNode.valueOf(fromNanos(nowNanos(), unit(a, 0, "now_timestamp")));
        });
        f.put("now_rfc3339", a -> {
            Args.count(a, "now_rfc3339", 0, 1);
            String unit = unit(a, 0, "now_rfc3339");
            return TextNode.valueOf(rfc3339(fromNanos(nowNanos(), unit), unit));
        });
        f.put("unix_ts_to_rfc3339", a -> {
            Args.count(a, "unix_ts_to_rfc3339", 1, 2);
            return TextNode.valueOf(rfc3339(Args.integer(a[0], "unix_ts_to_rfc3339"), unit(a, 1, "unix_ts_to_rfc3339")));
        });
        f.put("rfc3339_to_unix_ts", a -> {
            Args.count(a, "rfc3339_to_unix_ts", 1, 2);
            String text = Args.text(a[0], "rfc3339_to_unix_ts");
            try {
                // Erlang accepts any character between date and time ('T', 't', ' ') and a lowercase 'z'.
                if (text.length() > 10) {
                    text = text.substring(0, 10) + 'T' + text.substring(11);
                }
                if (text.endsWith("z")) {
                    text = text.substring(0, text.length() - 1) + 'Z';
                }
                Instant t = OffsetDateTime.parse(text).toInstant();
                long nanos = t.getEpochSecond() * 1_000_000_000L + t.getNano();
                return LongNode.valueOf(fromNanos(nanos, unit(a, 1, "rfc3339_to_unix_ts")));
            } catch (DateTimeParseException e) {
                throw new RuleEvaluationException("rfc3339_to_unix_ts: not an RFC 3339 time: " + Json.toText(a[0]));
            }
        });
        f.put("format_date", a -> {
            Args.count(a, "format_date", 3, 4);
            String unit = unit(a, 0, "format_date");
            ZoneOffset offset = offset(a[1]);
            long ts = a.length == 4 ? Args.integer(a[3], "format_date") : fromNanos(nowNanos(), unit);
            Instant t = instant(ts, unit);
            return TextNode.valueOf(strftime(Args.text(a[2], "format_date"), t.atOffset(offset)));
        });
    }

    /** {@code date_to_unix_ts(Unit, Fmt, Date)} and {@code date_to_unix_ts(Unit, Offset, Fmt, Date)}. */
    private static JsonNode dateToUnixTs(JsonNode[] a) {
        Args.count(a, "date_to_unix_ts", 3, 4);
        String unit = unit(a, 0, "date_to_unix_ts");
        long offset = a.length == 4 ? offsetSeconds(a[1], "date_to_unix_ts") : 0;
        String format = Args.text(a[a.length - 2], "date_to_unix_ts");
        String date = Args.text(a[a.length - 1], "date_to_unix_ts");
        BigInteger perSecond = BigInteger.valueOf(1_000_000_000L / toNanos(1, unit));
        return Args.integerNode(parseDate(format, date, unit).subtract(BigInteger.valueOf(offset).multiply(perSecond)));
    }

    /** The length in bytes of each of EMQX's date directives. */
    private static final Map<String, Integer> DIRECTIVES = Map.ofEntries(Map.entry("Y", 4), Map.entry("m", 2),
            Map.entry("d", 2), Map.entry("H", 2), Map.entry("M", 2), Map.entry("S", 2), Map.entry("N", 9),
            Map.entry("3N", 3), Map.entry("6N", 6), Map.entry("z", 5), Map.entry(":z", 6), Map.entry("::z", 9));

    /**
     * EMQX's {@code formatted_datetime_to_system_time}: the directives of {@code format} read fixed widths of the
     * date (4 bytes for %Y, 2 for %m...); other format characters skip as many bytes without being compared. Year,
     * month, day, hour, minute and second are required; %z, %:z and %::z offset the time. Parsing stops at the end of
     * the date or of the format.
     */
    private static BigInteger parseDate(String format, String date, String unit) {
        byte[] fmt = format.getBytes(StandardCharsets.UTF_8);
        byte[] in = date.getBytes(StandardCharsets.UTF_8);
        Map<String, Long> parts = new java.util.HashMap<>();
        long parsedOffset = 0;
        int at = 0;
        int f = 0;
        while (f < fmt.length && at < in.length) {
            String directive = null;
            if (fmt[f] == '%') {
                for (String d : new String[] {"Y", "m", "d", "H", "M", "S", "N", "3N", "6N", "z", ":z", "::z"}) {
                    if (startsWith(fmt, f + 1, d)) {
                        directive = d;
                        break;
                    }
                }
            }
            int size = directive == null ? literalLength(fmt, f) : DIRECTIVES.get(directive);
            if (at + size > in.length) {
                throw new RuleEvaluationException("date_to_unix_ts: " + Json.quote(date) + " does not match "
                        + Json.quote(format));
            }
            String part = new String(in, at, size, StandardCharsets.UTF_8);
            if (directive != null && directive.endsWith("z")) {
                parsedOffset = offsetSeconds(TextNode.valueOf(part), "date_to_unix_ts");
            } else if (directive != null) {
                if (!part.matches("[+-]?[0-9]+")) {
                    throw new RuleEvaluationException("date_to_unix_ts: " + Json.quote(part) + " in "
                            + Json.quote(date) + " is not a number for %" + directive);
                }
                parts.put(directive, Long.parseLong(part.startsWith("+") ? part.substring(1) : part));
            }
            at += size;
            f += directive == null ? size : directive.length() + 1;
        }
        String[][] required = {{"Y", "year"}, {"m", "month"}, {"d", "day"}, {"H", "hour"}, {"M", "minute"},
                {"S", "second"}};
        for (String[] r : required) {
            if (!parts.containsKey(r[0])) {
                throw new RuleEvaluationException("date_to_unix_ts: the " + r[1] + " is missing from "
                        + Json.quote(date) + " read as " + Json.quote(format));
            }
        }
        long days;
        try {
            if (parts.get("Y") < 0) {
                throw new java.time.DateTimeException("negative year");
            }
            days = java.time.LocalDate.of(Math.toIntExact(parts.get("Y")), Math.toIntExact(parts.get("m")),
                    Math.toIntExact(parts.get("d"))).toEpochDay();
        } catch (java.time.DateTimeException | ArithmeticException e) {
            throw new RuleEvaluationException("date_to_unix_ts: " + Json.quote(date) + " is not a valid date");
        }
        // Hours, minutes and seconds are not range-checked (Erlang's calendar adds them as they are).
        BigInteger seconds = BigInteger.valueOf(days).multiply(BigInteger.valueOf(86_400))
                .add(BigInteger.valueOf(parts.get("H")).multiply(BigInteger.valueOf(3600)))
                .add(BigInteger.valueOf(parts.get("M")).multiply(BigInteger.valueOf(60)))
                .add(BigInteger.valueOf(parts.get("S"))).subtract(BigInteger.valueOf(parsedOffset));
        if (seconds.compareTo(BigInteger.valueOf(-62_167_219_200L)) < 0
                || seconds.compareTo(BigInteger.valueOf(253_402_300_800L)) >= 0) {
            throw new RuleEvaluationException("date_to_unix_ts: " + Json.quote(date) + " is out of range");
        }
        BigInteger nanos = seconds.multiply(BigInteger.valueOf(1_000_000_000L))
                .add(BigInteger.valueOf(parts.getOrDefault("3N", 0L) * 1_000_000L))
                .add(BigInteger.valueOf(parts.getOrDefault("6N", 0L) * 1_000L))
                .add(BigInteger.valueOf(parts.getOrDefault("N", 0L)));
        // Rounded down to the unit, as erlang:convert_time_unit does.
        BigInteger[] qr = nanos.divideAndRemainder(BigInteger.valueOf(toNanos(1, unit)));
        return qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
    }

    private static boolean startsWith(byte[] b, int at, String s) {
        if (at + s.length() > b.length) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (b[at + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The bytes of literal format text from {@code f} up to the next directive. */
    private static int literalLength(byte[] fmt, int f) {
        int end = f + 1;
        while (end < fmt.length) {
            if (fmt[end] == '%') {
                boolean directive = false;
                for (String d : DIRECTIVES.keySet()) {
                    directive |= startsWith(fmt, end + 1, d);
                }
                if (directive) {
                    break;
                }
            }
            end++;
        }
        return end - f;
    }

    /**
     * EMQX's {@code offset_second}: seconds as an integer, undefined (0), {@code "local"}, {@code "Z"}/{@code "z"}, or
     * {@code ±HH:MM}, {@code ±HH:MM:SS}, {@code ±HHMM} (hours up to 23, minutes and seconds up to 59).
     */
    static long offsetSeconds(JsonNode v, String fn) {
        if (v == null) {
            return 0;
        }
        if (v.isIntegralNumber()) {
            return Args.exactInteger(v, fn).longValueExact();
        }
        if (!v.isTextual() && !v.isBinary()) {
            throw new RuleEvaluationException(fn + ": expects a time offset, got " + Args.describe(v));
        }
        String s = Args.text(v, fn);
        if (s.equals("local")) {
            return ZoneId.systemDefault().getRules().getOffset(Instant.now()).getTotalSeconds();
        }
        if (s.equals("Z") || s.equals("z")) {
            return 0;
        }
        RuleEvaluationException bad = new RuleEvaluationException(fn + ": " + Json.quote(s)
                + " is not a time offset such as +08:00, -0130, +05:30:00 or Z");
        if (s.isEmpty() || (s.charAt(0) != '+' && s.charAt(0) != '-')) {
            throw bad;
        }
        java.util.List<String> fields = new java.util.ArrayList<>();
        for (String t : s.substring(1).split(":")) {
            if (!t.isEmpty()) {
                fields.add(t);
            }
        }
        if (fields.size() == 1 && fields.get(0).length() == 4) {
            fields = java.util.List.of(fields.get(0).substring(0, 2), fields.get(0).substring(2), "0");
        } else if (fields.size() == 2) {
            fields.add("0");
        } else if (fields.size() != 3) {
            throw bad;
        }
        long[] hms = new long[3];
        long[] max = {23, 59, 59};
        for (int i = 0; i < 3; i++) {
            String t = fields.get(i);
            if (!t.matches("[+-]?[0-9]{1,9}")) {
                throw bad;
            }
            hms[i] = Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
            if (hms[i] > max[i]) {
                throw bad;
            }
        }
        return (s.charAt(0) == '-' ? -1 : 1) * (hms[0] * 3600 + hms[1] * 60 + hms[2]);
    }

    private static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static String unit(JsonNode[] a, int index, String fn) {
        String unit = a.length > index ? Args.text(a[index], fn) : "second";
        if (!unit.matches("second|millisecond|microsecond|nanosecond")) {
            throw new RuleEvaluationException(fn + ": \"" + unit
                    + "\" is not one of second, millisecond, microsecond, nanosecond");
        }
        return unit;
    }

    private static long fromNanos(long nanos, String unit) {
        switch (unit) {
            case "millisecond":
                return nanos / 1_000_000L;
            case "microsecond":
                return nanos / 1_000L;
            case "nanosecond":
                return nanos;
            default:
                return nanos / 1_000_000_000L;
        }
    }

    private static long toNanos(long value, String unit) {
        switch (unit) {
            case "millisecond":
                return value * 1_000_000L;
            case "microsecond":
                return value * 1_000L;
            case "nanosecond":
                return value;
            default:
                return value * 1_000_000_000L;
        }
    }

    /** The instant of {@code value} in {@code unit} since the epoch, without overflow for any year. */
    private static Instant instant(long value, String unit) {
        long perSecond = 1_000_000_000L / toNanos(1, unit);
        return Instant.ofEpochSecond(Math.floorDiv(value, perSecond),
                Math.floorMod(value, perSecond) * (1_000_000_000L / perSecond));
    }

    private static String rfc3339(long value, String unit) {
        OffsetDateTime t = instant(value, unit).atZone(ZoneId.systemDefault()).toOffsetDateTime();
        switch (unit) {
            case "millisecond":
                return RFC3339_MILLIS.format(t);
            case "microsecond":
                return RFC3339_MICROS.format(t);
            case "nanosecond":
                return RFC3339_NANOS.format(t);
            default:
                return RFC3339_SECONDS.format(t);
        }
    }

    /**
     * An offset such as {@code "+08:00"}, {@code "+0800"}, {@code "+08:00:00"}, {@code "Z"}, {@code "local"}, or
     * seconds as a number; undefined is UTC, as in EMQX.
     */
    private static ZoneOffset offset(JsonNode v) {
        if (v == null) {
            return ZoneOffset.UTC;
        }
        if (v.isIntegralNumber()) {
            try {
                return ZoneOffset.ofTotalSeconds(Math.toIntExact(v.longValue()));
            } catch (RuntimeException e) {
                throw new RuleEvaluationException("format_date: " + v + " seconds is not a time offset");
            }
        }
        String s = Args.text(v, "format_date");
        if (s.equals("local")) {
            return ZoneId.systemDefault().getRules().getOffset(Instant.now());
        }
        try {
            return ZoneOffset.of(s.equals("z") ? "Z" : s);
        } catch (RuntimeException e) {
            throw new RuleEvaluationException("format_date: \"" + s + "\" is not a time offset such as +08:00 or Z");
        }
    }

    /** The {@code %Y %m %d %H %M %S %N %3N %6N %z %:z %::z} directives EMQX's format_date understands. */
    private static String strftime(String fmt, OffsetDateTime t) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < fmt.length(); i++) {
            char c = fmt.charAt(i);
            if (c != '%' || i + 1 >= fmt.length()) {
                out.append(c);
                continue;
            }
            String rest = fmt.substring(i + 1);
            if (rest.startsWith("3N")) {
                out.append(String.format("%03d", t.getNano() / 1_000_000));
                i += 2;
            } else if (rest.startsWith("6N")) {
                out.append(String.format("%06d", t.getNano() / 1_000));
                i += 2;
            } else if (rest.startsWith("::z")) {
                ZoneOffset o = t.getOffset();
                int secs = Math.abs(o.getTotalSeconds());
                out.append(String.format("%c%02d:%02d:%02d", o.getTotalSeconds() < 0 ? '-' : '+', secs / 3600,
                        secs / 60 % 60, secs % 60));
                i += 3;
            } else if (rest.startsWith(":z")) {
                out.append(t.getOffset().getId().equals("Z") ? "+00:00" : t.getOffset().getId());
                i += 2;
            } else {
                i++;
                switch (fmt.charAt(i)) {
                    case 'Y': out.append(String.format("%04d", t.getYear())); break;
                    case 'm': out.append(String.format("%02d", t.getMonthValue())); break;
                    case 'd': out.append(String.format("%02d", t.getDayOfMonth())); break;
                    case 'H': out.append(String.format("%02d", t.getHour())); break;
                    case 'M': out.append(String.format("%02d", t.getMinute())); break;
                    case 'S': out.append(String.format("%02d", t.getSecond())); break;
                    case 'N': out.append(String.format("%09d", t.getNano())); break;
                    case 'z': out.append(DateTimeFormatter.ofPattern("xx").format(t)); break;
                    // Anything else is text, as in EMQX ("%%" stays "%%").
                    default: out.append('%').append(fmt.charAt(i)); break;
                }
            }
        }
        return out.toString();
    }
}
