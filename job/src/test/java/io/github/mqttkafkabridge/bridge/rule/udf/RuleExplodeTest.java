package io.github.mqttkafkabridge.bridge.rule.udf;

import io.github.mqttkafkabridge.bridge.value.Json;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.EARLIER;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.UNDEFINED;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.j;
import static io.github.mqttkafkabridge.bridge.rule.udf.RuleCalls.payload;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code RULE_EXPLODE(array)}: FOREACH's rows, one per element. */
class RuleExplodeTest {

    /** The rows {@code RULE_EXPLODE(value)} gives. */
    private static List<Object> explode(Object value) {
        List<Object> rows = new ArrayList<>();
        RuleExplode f = new RuleExplode();
        f.setCollector(new Collector<>() {
            @Override
            public void collect(Object row) {
                rows.add(row);
            }

            @Override
            public void close() {}
        });
        f.eval(value);
        return rows;
    }

    private static List<String> jsonRows(Object value) {
        return explode(value).stream().map(r -> Json.write((JsonNode) r)).toList();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "[1,\"a\",{\"b\":2}]   | 1;\"a\";{\"b\":2}",
            "[{\"pos\":\"fl\",\"psi\":28},{\"pos\":\"fr\",\"psi\":33}] | {\"pos\":\"fl\",\"psi\":28};{\"pos\":\"fr\",\"psi\":33}",
            "[[1],[2,3]]           | [1];[2,3]",
            "[null]                | null",
            "[null,1]              | null;1",
            "[true,false]          | true;false",
            "[1.5,-2]              | 1.5;-2",
            "[\"你好\"]            | \"你好\"",
            "[\"[1]\"]             | \"[1]\""})
    void oneRowPerElementInOrder(String array, String rows) {
        assertThat(String.join(";", jsonRows(j(array)))).isEqualTo(rows);
    }

    @Test
    void anEmptyArrayOrUndefinedGivesNoRows() {
        assertThat(explode(j("[]"))).isEmpty();
        assertThat(explode(UNDEFINED)).isEmpty();
        assertThat(explode(payload("[]"))).isEmpty();
    }

    @Test
    void aValueThatIsNotAnArrayGivesNoRowsAsInEmqx() {
        assertThat(explode(1)).isEmpty();
        assertThat(explode(j("{\"a\":1}"))).isEmpty();
        assertThat(explode(payload("not json"))).isEmpty();
    }

    @Test
    void aPayloadHoldingAnArrayIsDecoded() {
        assertThat(jsonRows(payload("[5,6]"))).containsExactly("5", "6");
        assertThat(jsonRows(payload("  [ {\"id\": 1} ]"))).containsExactly("{\"id\":1}");
    }

    @Test
    void theResultOfJsonDecodeIsExploded() {
        assertThat(jsonRows(RuleCalls.call("json_decode", "[5,6]"))).containsExactly("5", "6");
        assertThat(jsonRows(new RuleGet(true).eval(payload("{\"list\":[1,2,3]}"), "list")))
                .containsExactly("1", "2", "3");
    }

    @Test
    void anEarlierErrorIsOneErrorRow() {
        assertThat(explode(EARLIER)).containsExactly(EARLIER);
    }

    @Test
    void manyElementsAndManyCalls() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 1000; i++) {
            sb.append(i == 0 ? "" : ",").append(i);
        }
        List<String> rows = jsonRows(j(sb.append(']').toString()));
        assertThat(rows).hasSize(1000).startsWith("0", "1").endsWith("999");
        RuleExplode f = new RuleExplode();
        List<Object> all = new ArrayList<>();
        f.setCollector(new Collector<>() {
            @Override
            public void collect(Object row) {
                all.add(row);
            }

            @Override
            public void close() {}
        });
        f.eval(j("[1]"));
        f.eval(UNDEFINED);
        f.eval(j("[2,3]"));
        assertThat(all).extracting(r -> Json.write((JsonNode) r)).containsExactly("1", "2", "3");
    }
}
