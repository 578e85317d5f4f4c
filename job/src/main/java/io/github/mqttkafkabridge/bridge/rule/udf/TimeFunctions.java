package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RuleEvaluationException;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleFunctions.Impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

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
