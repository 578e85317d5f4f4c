package io.github.mqttkafkabridge.bridge.config;

import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Kafka's own TLS engine factory plus EMQX's two client options Kafka has no setting for: {@code verify =
 * verify_none} (accept any server certificate) and {@code server_name_indication = disable | <name>}. Used only
 * when one of them is set; key stores, trust stores and protocols stay Kafka's.
 */
public class BridgeSslEngineFactory extends DefaultSslEngineFactory {
    /** Client property: {@code false} accepts any server certificate. */
    public static final String VERIFY_PEER = "bridge.ssl.verify.peer";
    /** Client property: {@code auto} (the broker host name), {@code disable} (no SNI) or a host name. */
    public static final String SERVER_NAME_INDICATION = "bridge.ssl.server.name.indication";

    private String serverNameIndication = "auto";

    @Override
    public void configure(Map<String, ?> configs) {
        Map<String, Object> effective = new HashMap<>(configs);
        Object sni = configs.get(SERVER_NAME_INDICATION);
        serverNameIndication = sni == null ? "auto" : sni.toString();
        if ("false".equals(String.valueOf(configs.get(VERIFY_PEER)))) {
            TrustAllProvider.install();
            effective.put(SslConfigs.SSL_TRUSTMANAGER_ALGORITHM_CONFIG, TrustAllProvider.ALGORITHM);
        }
        super.configure(effective);
    }

    @Override
    public SSLEngine createClientSslEngine(String peerHost, int peerPort, String endpointIdentification) {
        SSLEngine engine = super.createClientSslEngine(peerHost, peerPort, endpointIdentification);
        if (!serverNameIndication.equals("auto")) {
            SSLParameters params = engine.getSSLParameters();
            params.setServerNames(serverNameIndication.equals("disable") ? List.of()
                    : List.of(new SNIHostName(serverNameIndication)));
            engine.setSSLParameters(params);
        }
        return engine;
    }
}
