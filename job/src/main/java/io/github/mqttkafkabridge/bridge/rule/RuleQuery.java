package io.github.mqttkafkabridge.bridge.rule;

import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;

import java.util.List;

/** The Flink SQL of a rule: statements that prepare views (windowed rules), then the query itself. */
public record RuleQuery(List<String> preparation, String query) {

    /** Runs the preparation and returns the query's table. */
    public Table toTable(TableEnvironment tEnv) {
        for (String statement : preparation) {
            tEnv.executeSql(statement);
        }
        return tEnv.sqlQuery(query);
    }

    /** All statements, as {@code rule explain} prints them. */
    public String explain() {
        StringBuilder sb = new StringBuilder();
        for (String statement : preparation) {
            sb.append(statement).append(";\n\n");
        }
        return sb.append(query).append(';').toString();
    }
}
