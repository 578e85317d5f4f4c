package io.github.mqttkafkabridge.bridge.rule.udf;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.table.functions.ScalarFunction;

/**
 * Base of the functions compiled rules call. Arguments and results are rule values (JSON text, null for
 * undefined); an error in any argument is passed on, and an exception becomes an error value, so a bad message
 * fails its rule without failing the job.
 */
public abstract class RuleValueFunction extends ScalarFunction {

    /** Evaluates {@code body} on decoded arguments unless one of them is already an error. */
    protected static String apply(String[] args, Body body) {
        JsonNode[] nodes = new JsonNode[args.length];
        for (int i = 0; i < args.length; i++) {
            if (Json.isError(args[i])) {
                return args[i];
            }
            nodes[i] = Json.read(args[i]);
        }
        try {
            return Json.write(body.apply(nodes));
        } catch (RuleEvaluationException e) {
            return Json.error(e.getMessage());
        } catch (RuntimeException e) {
            return Json.error(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** The computation on decoded arguments; may return null (undefined). */
    @FunctionalInterface
    protected interface Body {
        JsonNode apply(JsonNode[] args);
    }
}
