package io.github.mqttkafkabridge.bridge.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Secret values (passwords, API secrets): written inline, taken from the environment with HOCON's
 * {@code ${?VAR}}, or read from a file with EMQX's {@code file:///path} form (relative paths resolve against the
 * configuration file's folder). Errors name the key and the file, never the secret.
 */
final class Secrets {
    private static final String FILE_PREFIX = "file://";

    private Secrets() {}

    static String resolve(String display, String raw, Path baseDir) {
        if (!raw.startsWith(FILE_PREFIX)) {
            return raw;
        }
        Path file = baseDir.resolve(raw.substring(FILE_PREFIX.length())).normalize();
        if (!Files.isReadable(file)) {
            throw new BridgeConfigException(display + ": secret file " + file + " does not exist or is not readable");
        }
        try {
            // Editors and "echo" add a trailing newline that is not part of the secret.
            return Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new BridgeConfigException(display + ": secret file " + file + " cannot be read: "
                    + e.getClass().getSimpleName());
        }
    }
}
