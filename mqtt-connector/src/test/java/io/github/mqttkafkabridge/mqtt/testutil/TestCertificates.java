package io.github.mqttkafkabridge.mqtt.testutil;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A throw-away CA and a broker certificate for {@code localhost} signed by it, made with the JDK's keytool, plus
 * an unrelated CA: PEM files for clients, a PKCS#12 key store for the broker. Also a client certificate
 * ({@code CN=bridge-test-client}) signed by the same CA, for mutual TLS: a PKCS#12 key store, and PEM files with
 * its chain (client, then CA) and its unencrypted PKCS#8 private key.
 */
public final class TestCertificates {
    public static final String PASSWORD = "changeit";

    public final Path caPem;
    public final Path otherCaPem;
    public final Path brokerKeyStore;
    /** PKCS#12 with the client's key and chain (alias {@code client}) and the CA; password {@link #PASSWORD}. */
    public final Path clientKeyStore;
    /** The client certificate followed by the CA certificate, PEM. */
    public final Path clientCertChainPem;
    /** The client's private key, unencrypted PKCS#8 PEM ({@code -----BEGIN PRIVATE KEY-----}). */
    public final Path clientKeyPem;
    /** The broker's certificate chain and PKCS#8 key as PEM files, for brokers configured by file (Mosquitto). */
    public final Path brokerCertChainPem;
    public final Path brokerKeyPem;

    private TestCertificates(Path dir) {
        this.caPem = dir.resolve("ca.pem");
        this.otherCaPem = dir.resolve("other-ca.pem");
        this.brokerKeyStore = dir.resolve("broker.p12");
        this.clientKeyStore = dir.resolve("client.p12");
        this.clientCertChainPem = dir.resolve("client-chain.pem");
        this.clientKeyPem = dir.resolve("client-key.pem");
        this.brokerCertChainPem = dir.resolve("broker-chain.pem");
        this.brokerKeyPem = dir.resolve("broker-key.pem");
    }

    /** The text of {@link #clientCertChainPem}, e.g. for {@code ssl.keystore.certificate.chain}. */
    public String clientCertChainPemText() throws IOException {
        return Files.readString(clientCertChainPem);
    }

    /** The text of {@link #clientKeyPem}, e.g. for {@code ssl.keystore.key}. */
    public String clientKeyPemText() throws IOException {
        return Files.readString(clientKeyPem);
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
        keytool(dir, "-genkeypair", "-alias", "client", "-keyalg", "RSA", "-keysize", "2048", "-dname",
                "CN=bridge-test-client", "-validity", "2", "-keystore", "client.p12", "-storetype", "PKCS12");
        keytool(dir, "-certreq", "-alias", "client", "-keystore", "client.p12", "-file", "client.csr");
        keytool(dir, "-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", "client.csr", "-outfile",
                "client.pem", "-rfc", "-validity", "2");
        keytool(dir, "-importcert", "-alias", "ca", "-file", "ca.pem", "-keystore", "client.p12", "-noprompt");
        keytool(dir, "-importcert", "-alias", "client", "-file", "client.pem", "-keystore", "client.p12");
        exportPem(c.clientKeyStore, "client", c.clientCertChainPem, c.clientKeyPem);
        exportPem(c.brokerKeyStore, "broker", c.brokerCertChainPem, c.brokerKeyPem);
        return c;
    }

    /** keytool cannot export private keys; the JDK's key store API can. */
    private static void exportPem(Path keyStore, String alias, Path chainPem, Path keyPem) throws IOException {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD.toCharArray());
            Key key = ks.getKey(alias, PASSWORD.toCharArray());
            if (!"PKCS#8".equals(key.getFormat())) {
                throw new IOException("unexpected private key format " + key.getFormat());
            }
            Files.writeString(keyPem, pem("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
            StringBuilder chain = new StringBuilder();
            for (Certificate cert : ks.getCertificateChain(alias)) {
                chain.append(pem("CERTIFICATE", cert.getEncoded()));
            }
            Files.writeString(chainPem, chain, StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot export " + alias + " from " + keyStore, e);
        }
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
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
