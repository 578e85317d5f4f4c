package io.github.mqttkafkabridge.bridge.config;

import io.github.mqttkafkabridge.mqtt.common.TrustEverything;

import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactorySpi;

import java.security.KeyStore;
import java.security.Provider;
import java.security.Security;

/**
 * A JCA provider with one trust manager algorithm that accepts every certificate, for EMQX's {@code verify =
 * verify_none}. Kafka looks trust managers up by algorithm name, hence a provider rather than a trust manager.
 */
final class TrustAllProvider extends Provider {
    static final String ALGORITHM = "BridgeTrustAll";
    private static final String NAME = "MqttKafkaBridgeTrustAll";

    private TrustAllProvider() {
        super(NAME, "1.0", "Trust manager accepting any certificate (ssl.verify = verify_none)");
        putService(new Service(this, "TrustManagerFactory", ALGORITHM, TrustAllFactory.class.getName(), null, null) {
            @Override
            public Object newInstance(Object constructorParameter) {
                return new TrustAllFactory();
            }
        });
    }

    static synchronized void install() {
        if (Security.getProvider(NAME) == null) {
            Security.addProvider(new TrustAllProvider());
        }
    }

    /** The factory behind the algorithm. */
    static final class TrustAllFactory extends TrustManagerFactorySpi {
        @Override
        protected void engineInit(KeyStore ks) {}

        @Override
        protected void engineInit(ManagerFactoryParameters spec) {}

        @Override
        protected TrustManager[] engineGetTrustManagers() {
            return new TrustManager[] {new TrustEverything()};
        }
    }
}
