package io.github.mqttkafkabridge.mqtt.testutil;

import org.junit.jupiter.api.Assumptions;

import java.util.Locale;

/**
 * The MQTT brokers delivery tests run on; a test class annotated {@link OnEveryMqttBroker} runs once per broker.
 * Mosquitto needs the {@code mosquitto} Maven profile (on by itself where {@code /usr/sbin/mosquitto} exists;
 * {@code .ci/run} installs it and forces the profile).
 */
public enum BrokerKind {
    HIVEMQ,
    MOSQUITTO;

    /**
     * Starts this broker for one run of a test class that runs on every broker; skips that run (saying why) when
     * it is Mosquitto and not enabled, or when {@code -Dbridge.test.brokers=hivemq|mosquitto} selects the other
     * one (to repeat a scenario on one broker).
     */
    public MqttTestBroker start(boolean persistent) throws Exception {
        return start(persistent, null);
    }

    /** Starts this broker with a TLS listener as well, presenting {@code tls}'s broker certificate. */
    public MqttTestBroker startWithTls(TestCertificates tls) throws Exception {
        return start(false, tls);
    }

    /** As {@link #start(boolean)}, with a TLS listener when {@code tls} is not null. */
    public MqttTestBroker start(boolean persistent, TestCertificates tls) throws Exception {
        String only = System.getProperty("bridge.test.brokers");
        if (only != null && !only.isBlank() && !only.toUpperCase(Locale.ROOT).contains(name())) {
            Assumptions.abort(name() + " not selected by bridge.test.brokers=" + only);
        }
        return startForClass(persistent, tls);
    }

    /**
     * Starts this broker for a test class that always uses it, whatever {@code bridge.test.brokers} selects;
     * Mosquitto is still skipped (saying why) when it is not enabled.
     */
    public MqttTestBroker startForClass(boolean persistent, TestCertificates tls) throws Exception {
        if (this == HIVEMQ) {
            return new HiveMqTestBroker(persistent, tls);
        }
        if (MosquittoTestBroker.binary() == null) {
            String reason = "Mosquitto tests were not run: install Debian's mosquitto package (the mosquitto Maven "
                    + "profile turns on where /usr/sbin/mosquitto exists) or pass -Pmosquitto";
            System.out.println("[SKIPPED] " + reason);
            Assumptions.abort(reason);
        }
        return new MosquittoTestBroker(persistent, tls);
    }
}
