package io.github.mqttkafkabridge.mqtt.common;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/** MQTT topic-filter matching and validation (MQTT 5 section 4.7). */
public final class TopicFilters {
    private TopicFilters() {}

    /** Whether a topic name matches a filter with {@code +} and {@code #} wildcards. */
    public static boolean matches(String filter, String topic) {
        if (filter == null || topic == null) {
            return false;
        }
        // Wildcards at the first level never match topics starting with '$' (e.g. $SYS).
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        // Level by level without splitting: this runs for every message and every topic filter of a rule.
        int f = 0;
        int t = 0;
        while (true) {
            int fEnd = levelEnd(filter, f);
            boolean multi = fEnd - f == 1 && filter.charAt(f) == '#';
            if (multi) {
                return true;
            }
            if (t > topic.length()) {
                return false;
            }
            int tEnd = levelEnd(topic, t);
            boolean single = fEnd - f == 1 && filter.charAt(f) == '+';
            if (!single && (fEnd - f != tEnd - t || !filter.regionMatches(f, topic, t, fEnd - f))) {
                return false;
            }
            f = fEnd + 1;
            t = tEnd + 1;
            if (f > filter.length()) {
                return t > topic.length();
            }
        }
    }

    private static int levelEnd(String s, int from) {
        int slash = s.indexOf('/', from);
        return slash < 0 ? s.length() : slash;
    }

    /** Throws with a message naming the filter when it breaks the MQTT wildcard rules. */
    public static void validateFilter(String filter) {
        if (filter == null || filter.isEmpty()) {
            throw new IllegalArgumentException("topic filter: must not be empty");
        }
        String[] levels = filter.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String level = levels[i];
            if (level.contains("#") && (!level.equals("#") || i != levels.length - 1)) {
                throw new IllegalArgumentException("topic filter \"" + filter
                        + "\": '#' must be a whole level and the last one");
            }
            if (level.contains("+") && !level.equals("+")) {
                throw new IllegalArgumentException("topic filter \"" + filter + "\": '+' must be a whole level");
            }
        }
    }

    /**
     * Drops filters covered by another one, so overlapping subscriptions do not make the broker deliver a
     * message twice to the same session.
     */
    public static List<String> minimalCover(List<String> filters) {
        List<String> unique = new ArrayList<>(new LinkedHashSet<>(filters));
        List<String> result = new ArrayList<>();
        for (String candidate : unique) {
            boolean covered = false;
            for (String other : unique) {
                if (!other.equals(candidate) && covers(other, candidate)) {
                    covered = true;
                    break;
                }
            }
            if (!covered) {
                result.add(candidate);
            }
        }
        return result;
    }

    /** Whether every topic matched by {@code inner} is also matched by {@code outer}. */
    static boolean covers(String outer, String inner) {
        String[] o = outer.split("/", -1);
        String[] n = inner.split("/", -1);
        for (int i = 0; i < o.length; i++) {
            if (o[i].equals("#")) {
                return !(i == 0 && n[0].startsWith("$"));
            }
            if (i >= n.length) {
                return false;
            }
            if (o[i].equals("+")) {
                if (n[i].equals("#")) {
                    return false;
                }
                continue;
            }
            if (!o[i].equals(n[i])) {
                return false;
            }
        }
        return o.length == n.length;
    }
}
