package io.github.mqttkafkabridge.bridge.testutil;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away CA and a broker certificate for {@code localhost} signed by it, made with the JDK's keytool, plus
 * an unrelated CA: PEM files for clients, a PKCS#12 key store for the broker.
 */
public final class TestCertificates {
    public static final String PASSWORD = "changeit";

    public final Path caPem;
    public final Path otherCaPem;
    public final Path brokerKeyStore;

    private TestCertificates(Path dir) {
        this.caPem = dir.resolve("ca.pem");
        this.otherCaPem = dir.resolve("other-ca.pem");
        this.brokerKeyStore = dir.resolve("broker.p12");
    }

    public static TestCertificates create(Path dir) throws IOException, InterruptedException {
        TestCertificates c = new TestCertificates(dir);
        keytool(dir, "-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=bridge-test-ca",
                "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12", "-storetype", "PKCS12");
        keytool(dir, "-exportcert", "-alias", "ca", "-keystore", "ca.p12", "-rfc", "-file", "ca.pem");
        keytool(dir, "-genkeypair", "-alias", "other", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=other-ca",
                "-ext", "bc:c", "-validity", "2", "-keystore", "other.p12", "-storetype", "PKCS12");
        keytool(dir, "-exportcert", "-alias", "other", "-keystore", "other.p12", "-rfc", "-file", "other-ca.pem");
        keytool(dir, "-genkeypair", "-alias", "broker", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-validity", "2", "-keystore", "broker.p12", "-storetype", "PKCS12");
        keytool(dir, "-certreq", "-alias", "broker", "-keystore", "broker.p12", "-file", "broker.csr");
        // Only the DNS name: connecting by IP address must fail host name verification.
        keytool(dir, "-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", "broker.csr", "-outfile",
                "broker.pem", "-rfc", "-validity", "2", "-ext", "san=dns:localhost");
        keytool(dir, "-importcert", "-alias", "ca", "-file", "ca.pem", "-keystore", "broker.p12", "-noprompt");
        keytool(dir, "-importcert", "-alias", "broker", "-file", "broker.pem", "-keystore", "broker.p12");
        return c;
    }

    private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("-storepass", PASSWORD));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }
}
