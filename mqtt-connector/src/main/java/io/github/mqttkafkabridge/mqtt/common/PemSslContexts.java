package io.github.mqttkafkabridge.mqtt.common;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;

/** Builds an SSL socket factory from PEM files, as EMQX's {@code ssl} options describe them. */
public final class PemSslContexts {
    private static final char[] NO_PASSWORD = new char[0];

    private PemSslContexts() {}

    public static SSLSocketFactory socketFactory(MqttTlsOptions tls) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            KeyManagerFactory kmf = null;
            if (tls.certFile() != null) {
                KeyStore keys = KeyStore.getInstance("PKCS12");
                keys.load(null, null);
                Collection<? extends Certificate> chain = certificates(tls.certFile(), "certfile");
                keys.setKeyEntry("client", privateKey(tls.keyFile()), NO_PASSWORD, chain.toArray(new Certificate[0]));
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(keys, NO_PASSWORD);
            }
            TrustManager[] trust = null;
            if (!tls.verifyPeer()) {
                trust = new TrustManager[] {new TrustEverything()};
            } else if (tls.caFile() != null) {
                KeyStore cas = KeyStore.getInstance("PKCS12");
                cas.load(null, null);
                int i = 0;
                for (Certificate c : certificates(tls.caFile(), "cacertfile")) {
                    cas.setCertificateEntry("ca-" + i++, c);
                }
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(cas);
                trust = tmf.getTrustManagers();
            }
            context.init(kmf == null ? null : kmf.getKeyManagers(), trust, null);
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalArgumentException("ssl: cannot set up TLS from " + tls + ": " + e.getMessage(), e);
        }
    }

    private static Collection<? extends Certificate> certificates(String file, String key) throws IOException,
            GeneralSecurityException {
        byte[] bytes = read(file, key);
        Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(bytes));
        if (certs.isEmpty()) {
            throw new IllegalArgumentException("ssl." + key + ": \"" + file + "\" holds no PEM certificate");
        }
        return certs;
    }

    private static PrivateKey privateKey(String file) throws IOException, GeneralSecurityException {
        String pem = new String(read(file, "keyfile"), StandardCharsets.US_ASCII);
        if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
            throw new IllegalArgumentException("ssl.keyfile: \"" + file + "\" is not an unencrypted PKCS#8 PEM key "
                    + "(BEGIN PRIVATE KEY); convert it with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key8.pem");
        }
        String body = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27, pem.indexOf("-----END PRIVATE KEY-----"))
                .replaceAll("\\s", "");
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body));
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException wrongAlgorithm) {
                // try the next one
            }
        }
        throw new IllegalArgumentException("ssl.keyfile: \"" + file + "\" is not an RSA, EC or Ed25519 key");
    }

    private static byte[] read(String file, String key) throws IOException {
        Path path = Path.of(file);
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException("ssl." + key + ": \"" + file + "\" does not exist or is not readable");
        }
        return Files.readAllBytes(path);
    }
}
