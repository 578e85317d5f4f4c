package io.github.mqttkafkabridge.bridge.config;

import io.github.mqttkafkabridge.bridge.value.Template;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/** Typed reads of HOCON values whose errors name the key, the bad value and what is allowed. */
final class ConfigValues {
    private final Config config;

    ConfigValues(Config config) {
        this.config = config;
    }

    String requiredString(String path, String display) {
        if (!config.hasPath(path)) {
            throw new BridgeConfigException(display + ": missing; this key is required");
        }
        return string(path, null);
    }

    String string(String path, String dflt) {
        if (!config.hasPath(path)) {
            return dflt;
        }
        ConfigValue v = config.getValue(path);
        if (v.valueType() == ConfigValueType.OBJECT || v.valueType() == ConfigValueType.LIST) {
            throw new BridgeConfigException(path + ": " + v.render() + " is not a string");
        }
        return String.valueOf(v.unwrapped());
    }

    int integer(String path, int dflt) {
        if (!config.hasPath(path)) {
            return dflt;
        }
        try {
            return config.getInt(path);
        } catch (ConfigException.WrongType e) {
            throw new BridgeConfigException(path + ": " + config.getValue(path).render() + " is not an integer");
        }
    }

    Duration duration(String path, Duration dflt) {
        if (!config.hasPath(path)) {
            return dflt;
        }
        try {
            return config.getDuration(path);
        } catch (ConfigException.BadValue | ConfigException.WrongType e) {
            throw new BridgeConfigException(path + ": " + config.getValue(path).render()
                    + " is not a duration; use e.g. 500ms, 5s, 1m, 1h");
        }
    }

    <E extends Enum<E>> E enumValue(String path, String display, Class<E> type, E dflt) {
        if (!config.hasPath(path)) {
            return dflt;
        }
        String raw = string(path, null);
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(raw)) {
                return e;
            }
        }
        throw new BridgeConfigException(display + ": \"" + raw + "\" is not one of "
                + String.join(", ", Arrays.stream(type.getEnumConstants())
                        .map(e -> e.name().toLowerCase(Locale.ROOT)).toList()));
    }

    Template template(String path, String display, String dflt) {
        String raw = dflt == null ? requiredString(path, display) : string(path, dflt);
        return parseTemplate(display, raw);
    }

    static Template parseTemplate(String display, String raw) {
        try {
            return Template.parse(raw);
        } catch (IllegalArgumentException e) {
            throw new BridgeConfigException(display + ": " + e.getMessage());
        }
    }


    /** A byte size: a number, or EMQX's {@code 896KB}, {@code 1MB}, {@code 10MB} (1024-based). */
    long bytes(String path, String display, long dflt) {
        if (!config.hasPath(path)) {
            return dflt;
        }
        String raw = string(path, null).trim();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\s*([KMG]?i?B)?$",
                java.util.regex.Pattern.CASE_INSENSITIVE).matcher(raw);
        if (!m.matches()) {
            throw new BridgeConfigException(display + ": \"" + raw + "\" is not a size such as 896KB, 1MB or 1048576");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "" : m.group(2).toUpperCase(Locale.ROOT);
        return n * (unit.startsWith("K") ? 1024L : unit.startsWith("M") ? 1024L * 1024 : unit.startsWith("G")
                ? 1024L * 1024 * 1024 : 1L);
    }

    boolean bool(String path, String display, boolean dflt) {
        if (!config.hasPath(path)) {
            return dflt;
        }
        try {
            return config.getBoolean(path);
        } catch (ConfigException.WrongType e) {
            throw new BridgeConfigException(display + ": " + config.getValue(path).render() + " is not true or false");
        }
    }
}
