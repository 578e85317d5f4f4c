package io.github.mqttkafkabridge.bridge.rule.udf;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.FunctionHint;
import org.apache.flink.table.functions.TableFunction;
import org.apache.flink.types.Row;

/**
 * {@code RULE_EXPLODE(array)}: one row per element, for FOREACH. A string holding a JSON array is decoded first;
 * undefined gives no rows; anything else that is not an array gives one error row, which fails the message.
 */
@FunctionHint(output = @DataTypeHint("ROW<rule_item STRING>"))
public final class RuleExplode extends TableFunction<Row> {

    public void eval(String array) {
        if (array == null) {
            return;
        }
        if (Json.isError(array)) {
            collect(Row.of(array));
            return;
        }
        JsonNode node = Json.read(array);
        if (node.isTextual()) {
            JsonNode decoded = Json.tryParse(node.textValue());
            node = decoded == null ? node : decoded;
        }
        if (!node.isArray()) {
            collect(Row.of(Json.error("FOREACH needs an array, got " + Json.write(node))));
            return;
        }
        for (JsonNode element : node) {
            collect(Row.of(Json.write(element)));
        }
    }
}
