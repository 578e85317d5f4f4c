package io.github.mqttkafkabridge.mqtt.testutil;

import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The test class runs once per MQTT broker ({@link BrokerKind}: the in-JVM HiveMQ CE, then a Mosquitto 2
 * process). With a {@link ConnectorTestEnvironment} built with {@code mqttOnEveryBroker()}, each run gets its own
 * broker of that kind ({@code ENV.mqtt()}), while the MiniCluster and Kafka serve every run of the class. A run
 * on Mosquitto is skipped, saying why, where Mosquitto is not enabled (Maven profile {@code mosquitto}).
 * The current broker is available as a field: {@code @Parameter BrokerKind broker;}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@ParameterizedClass
@EnumSource(BrokerKind.class)
public @interface OnEveryMqttBroker {}
