package io.github.mqttkafkabridge.bridge.rule;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Window lengths written as quoted durations: {@code '500 ms'}, {@code '10 seconds'}, {@code '1 minute'}... */
final class WindowDurations {
    private static final Pattern DURATION = Pattern.compile(
            "^\\s*(\\d+)\\s*(ms|milliseconds?|s|secs?|seconds?|m|mins?|minutes?|h|hours?|d|days?)\\s*$");

    private WindowDurations() {}

    static Duration parse(Token t) {
        Matcher m = DURATION.matcher(t.text().toLowerCase());
        if (!m.matches()) {
            throw new RuleSyntaxException("'" + t.text() + "' is not a duration such as '500 ms', '10 seconds', "
                    + "'1 minute', '1 hour'", t.line(), t.column());
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2);
        Duration d = unit.startsWith("ms") || unit.startsWith("milli") ? Duration.ofMillis(n)
                : unit.startsWith("s") ? Duration.ofSeconds(n)
                : unit.startsWith("m") ? Duration.ofMinutes(n)
                : unit.startsWith("h") ? Duration.ofHours(n) : Duration.ofDays(n);
        if (d.isZero()) {
            throw new RuleSyntaxException("a window must be longer than 0", t.line(), t.column());
        }
        return d;
    }
}
