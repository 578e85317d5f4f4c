package io.github.mqttkafkabridge.bridge.testutil;

import io.github.mqttkafkabridge.bridge.demo.EmbeddedKafkaBroker;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Base of the delivery tests that run once per MQTT broker ({@link BrokerKind}): one Kafka for the test class,
 * and the MQTT broker of the current run in {@link #mqtt}. A class annotated {@link PersistentBroker} gets a
 * broker that keeps sessions on disk.
 */
@ParameterizedClass
@EnumSource(BrokerKind.class)
public abstract class OnEveryMqttBroker {
    protected static EmbeddedKafkaBroker kafka;
    protected static MqttTestBroker mqtt;

    @Parameter
    protected BrokerKind broker;

    /** The test class wants an MQTT broker that keeps sessions on disk. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.TYPE)
    public @interface PersistentBroker {}

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafkaBroker.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @BeforeParameterizedClassInvocation
    static void startMqtt(BrokerKind kind, TestInfo test) throws Exception {
        boolean persistent = test.getTestClass().map(c -> c.isAnnotationPresent(PersistentBroker.class))
                .orElse(false);
        mqtt = kind.start(persistent);
    }

    @AfterParameterizedClassInvocation
    static void stopMqtt() throws Exception {
        if (mqtt != null) {
            mqtt.close();
            mqtt = null;
        }
    }
}
