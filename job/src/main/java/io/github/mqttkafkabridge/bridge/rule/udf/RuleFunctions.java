package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.RuleEvaluationException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * EMQX's built-in rule functions, with EMQX's argument order and indexing. Each takes and returns decoded rule
 * values (null = undefined) and throws {@link RuleEvaluationException} on a wrong argument.
 */
public final class RuleFunctions {
    /** Prefix of the environment variables {@code getenv} may read; no other variable is reachable. */
    public static final String GETENV_PREFIX = "EMQXVAR_";

    private static final Map<String, Impl> FUNCTIONS = new TreeMap<>();
    private static final Set<String> NON_DETERMINISTIC = Set.of("getenv", "uuid_v4", "uuid_v4_no_hyphen",
            "now_timestamp", "now_rfc3339", "random");

    /** One function body. */
    @FunctionalInterface
    public interface Impl {
        JsonNode apply(JsonNode[] args);
    }

    static {
        StringFunctions.registerInto(FUNCTIONS);
        MathFunctions.registerInto(FUNCTIONS);
        ConversionFunctions.registerInto(FUNCTIONS);
        CollectionFunctions.registerInto(FUNCTIONS);
        CodecFunctions.registerInto(FUNCTIONS);
        TimeFunctions.registerInto(FUNCTIONS);
        BinaryFunctions.registerInto(FUNCTIONS);
        JqFunction.registerInto(FUNCTIONS);
        FUNCTIONS.put("getenv", a -> {
            Args.count(a, "getenv", 1, 1);
            String name = Args.text(a[0], "getenv");
            // The seed writes getenv(`EMQXVAR_X`); EMQX's documented form is getenv('X'). Both read EMQXVAR_X.
            String bare = name.startsWith(GETENV_PREFIX) ? name.substring(GETENV_PREFIX.length()) : name;
            String value = System.getenv(GETENV_PREFIX + bare);
            return TextNode.valueOf(value == null ? "" : value);
        });
        FUNCTIONS.put("uuid_v4", a -> {
            Args.count(a, "uuid_v4", 0, 0);
            return TextNode.valueOf(UUID.randomUUID().toString());
        });
        FUNCTIONS.put("uuid_v4_no_hyphen", a -> {
            Args.count(a, "uuid_v4_no_hyphen", 0, 0);
            return TextNode.valueOf(UUID.randomUUID().toString().replace("-", ""));
        });
    }

    private RuleFunctions() {}

    public static boolean exists(String name) {
        return FUNCTIONS.containsKey(name);
    }

    public static Set<String> names() {
        return FUNCTIONS.keySet();
    }

    public static boolean isDeterministic(String name) {
        return !NON_DETERMINISTIC.contains(name);
    }

    static JsonNode call(String name, JsonNode[] args) {
        return FUNCTIONS.get(name).apply(args);
    }
}
