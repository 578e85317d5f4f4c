package io.github.mqttkafkabridge.bridge.cli;

import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --sql TEXT | --sql-file F}, shared by the rule commands. */
final class RuleSqlInput {
    @Option(names = "--sql", description = "Rule SQL text")
    String sql;

    @Option(names = "--sql-file", description = "File holding the rule SQL")
    Path sqlFile;

    /** The SQL, or null when neither option was given. */
    String read() throws IOException {
        if (sql != null && sqlFile != null) {
            throw new IllegalArgumentException("give either --sql or --sql-file, not both");
        }
        return sqlFile != null ? Files.readString(sqlFile, StandardCharsets.UTF_8) : sql;
    }
}
