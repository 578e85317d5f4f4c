package io.github.mqttkafkabridge.mqtt.common;

import java.io.Serializable;

/**
 * TLS settings of an MQTT connection: PEM files for the CA and the client certificate and key (PKCS#8), whether
 * to verify the broker's certificate chain, and whether to check that it names the host we connect to.
 */
public final class MqttTlsOptions implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String caFile;
    private final String certFile;
    private final String keyFile;
    private final boolean verifyPeer;
    private final boolean verifyHostname;

    public MqttTlsOptions(String caFile, String certFile, String keyFile, boolean verifyPeer, boolean verifyHostname) {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("ssl: certfile and keyfile go together; set both or neither");
        }
        this.caFile = caFile;
        this.certFile = certFile;
        this.keyFile = keyFile;
        this.verifyPeer = verifyPeer;
        this.verifyHostname = verifyHostname;
    }

    public String caFile() {
        return caFile;
    }

    public String certFile() {
        return certFile;
    }

    public String keyFile() {
        return keyFile;
    }

    public boolean verifyPeer() {
        return verifyPeer;
    }

    public boolean verifyHostname() {
        return verifyHostname;
    }

    @Override
    public String toString() {
        return "tls{cacertfile=" + caFile + ", certfile=" + certFile + ", keyfile=" + (keyFile == null ? null : "<set>")
                + ", verify=" + (verifyPeer ? "verify_peer" : "verify_none") + ", hostname_verification="
                + verifyHostname + "}";
    }
}
