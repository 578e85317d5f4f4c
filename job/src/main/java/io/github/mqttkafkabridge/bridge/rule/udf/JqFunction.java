package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;
import io.github.mqttkafkabridge.bridge.value.RuleEvaluationException;
import io.github.mqttkafkabridge.bridge.rule.udf.RuleFunctions.Impl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code jq(Program, JSON[, TimeoutMs])}: the list of results of a jq program (jq 1.6 dialect, jackson-jq). The
 * input may be JSON text or a value. Programs are compiled once and cached. The timeout (default 10 s, as EMQX's
 * {@code jq_function_default_timeout}) is checked at each result the program gives; a program that recurses
 * without end, or gives more than a million results, fails the message instead of the task.
 */
final class JqFunction {
    private static final int MAX_CACHED = 1000;
    private static final long DEFAULT_TIMEOUT_MS = 10_000;
    private static final int MAX_RESULTS = 1_000_000;
    private static final Scope ROOT = Scope.newEmptyScope();
    private static final Map<String, JsonQuery> COMPILED = new ConcurrentHashMap<>();

    static {
        BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, ROOT);
    }

    private JqFunction() {}

    static void registerInto(Map<String, Impl> f) {
        f.put("jq", JqFunction::apply);
    }

    private static JsonNode apply(JsonNode[] a) {
        Args.count(a, "jq", 2, 3);
        String program = Args.text(a[0], "jq");
        JsonNode input = a[1];
        if (input != null && input.isTextual()) {
            // Text is the JSON input itself, as in EMQX: text that is not JSON fails.
            JsonNode decoded = Json.tryParse(input.textValue());
            if (decoded == null) {
                throw new RuleEvaluationException("jq: the input is not JSON: " + Json.quote(input.textValue()));
            }
            input = decoded;
        }
        if (input == null) {
            throw new RuleEvaluationException("jq: the input is undefined");
        }
        long timeoutMs = a.length == 3 ? Args.integer(a[2], "jq") : DEFAULT_TIMEOUT_MS;
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        ArrayNode results = Json.NODES.arrayNode();
        try {
            compile(program).apply(Scope.newChildScope(ROOT), input, result -> {
                results.add(result);
                if (results.size() > MAX_RESULTS || System.nanoTime() > deadline) {
                    throw new RuleEvaluationException("jq: the program ran longer than " + timeoutMs
                            + " ms or gave more than " + MAX_RESULTS + " results");
                }
            });
        } catch (JsonQueryException e) {
            throw new RuleEvaluationException("jq: " + e.getMessage());
        } catch (StackOverflowError e) {
            // Recursion without end (EMQX stops such a program at its timeout): this message fails, not the task.
            throw new RuleEvaluationException("jq: the program recursed too deep (it may not terminate)");
        }
        return results;
    }

    private static JsonQuery compile(String program) throws JsonQueryException {
        JsonQuery q = COMPILED.get(program);
        if (q == null) {
            q = JsonQuery.compile(program, Versions.JQ_1_6);
            if (COMPILED.size() < MAX_CACHED) {
                COMPILED.put(program, q);
            }
        }
        return q;
    }
}
