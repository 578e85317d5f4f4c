package io.github.mqttkafkabridge.bridge.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@code deploy} refuses before it compiles anything or reaches a cluster, and how it says so. */
class DeployCommandTest {
    @TempDir
    Path dir;

    @Test
    void aClusterUrlThatIsNotHttpOrHttpsIsRefused() {
        assertThat(run("--cluster", "ftp://flink:8081"))
                .contains("error: --cluster: \"ftp://flink:8081\" is not a URL like http://host:8081 or "
                        + "https://host:8081");
    }

    @Test
    void httpsWithoutATrustStoreNamesTheOptionsToSet() throws Exception {
        Path flinkConf = Files.createDirectories(dir.resolve("flink-conf"));
        Files.writeString(flinkConf.resolve("config.yaml"), "parallelism.default: 1\n");
        assertThat(run("--cluster", "https://flink:8081", "--flink-conf", flinkConf.toString()))
                .contains("error: --cluster https://flink:8081: https needs a trust store for the REST endpoint's "
                        + "certificate: set security.ssl.rest.truststore and security.ssl.rest.truststore-password "
                        + "in the Flink configuration");
    }

    @Test
    void aTrustStoreThatCannotBeReadIsReportedWithTheTlsOptions() throws Exception {
        Path flinkConf = Files.createDirectories(dir.resolve("flink-conf"));
        Files.writeString(flinkConf.resolve("config.yaml"), "security.ssl.rest.truststore: " + dir.resolve("none.p12")
                + "\nsecurity.ssl.rest.truststore-password: secret-word\n");
        String output = run("--cluster", "https://flink:8081", "--flink-conf", flinkConf.toString());
        assertThat(output).contains("error: --cluster https://flink:8081: cannot set up TLS from the Flink "
                + "configuration's security.ssl.rest.* options").contains("none.p12").doesNotContain("secret-word");
    }

    @Test
    void aFlinkConfigurationDirectoryWithoutConfigYamlIsRefused() {
        assertThat(run("--cluster", "http://flink:8081", "--flink-conf", dir.toString()))
                .contains("error: --flink-conf: " + dir + " has no Flink configuration file config.yaml");
    }

    /** Runs deploy with a configuration file that does not exist: none of these gets as far as reading it. */
    private String run(String... args) {
        StringWriter text = new StringWriter();
        CommandLine cli = BridgeCli.commandLine();
        cli.setOut(new PrintWriter(text, true));
        cli.setErr(new PrintWriter(text, true));
        String[] all = new String[args.length + 3];
        all[0] = "deploy";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--conf";
        all[args.length + 2] = dir.resolve("missing.conf").toString();
        int exit = cli.execute(all);
        assertThat(exit).as(text.toString()).isEqualTo(1);
        return text.toString();
    }
}
