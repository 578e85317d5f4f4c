package io.github.mqttkafkabridge.mqtt.it;

import io.github.mqttkafkabridge.mqtt.common.MqttBrokerOptions;
import io.github.mqttkafkabridge.mqtt.common.MqttTlsOptions;
import io.github.mqttkafkabridge.mqtt.source.MqttSource;
import io.github.mqttkafkabridge.mqtt.testutil.BrokerKind;
import io.github.mqttkafkabridge.mqtt.testutil.ConnectorTestEnvironment;
import io.github.mqttkafkabridge.mqtt.testutil.OnEveryMqttBroker;
import io.github.mqttkafkabridge.mqtt.testutil.PayloadAsString;
import io.github.mqttkafkabridge.mqtt.testutil.TestCertificates;
import io.github.mqttkafkabridge.mqtt.testutil.TestJobs;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ExceptionUtils;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS to the broker with a test CA, on HiveMQ CE and Mosquitto: the right CA connects, a wrong CA or host name is
 * refused clearly.
 */
@OnEveryMqttBroker
class MqttTlsITCase {
    @RegisterExtension
    static final ConnectorTestEnvironment ENV = ConnectorTestEnvironment.builder()
            .miniCluster(1).mqttOnEveryBroker().mqttTls().build();

    private TestCertificates certs;
    private int tlsPort;

    @Parameter
    BrokerKind broker;

    @BeforeEach
    void brokerOfThisRun() {
        certs = ENV.certificates();
        tlsPort = ENV.mqtt().tlsPort();
    }

    @Test
    void theRightCaConnects() throws Exception {
        connect("ssl://localhost:" + tlsPort, new MqttTlsOptions(certs.caPem.toString(), null, null, true, true));
    }

    @Test
    void aWrongCaIsRefusedWithAClearError() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TestJobs.failOnFirstError(env);
        env.fromSource(MqttSource.<String>builder()
                        .setBroker(MqttBrokerOptions.builder().setServerUri("tcp://localhost:" + tlsPort)
                                .setClientIdPrefix("tls-wrong-ca-" + ENV.mqtt().name())
                                .setTls(new MqttTlsOptions(certs.otherCaPem.toString(), null, null, true, true))
                                .build())
                        .setTopicFilters(List.of("tls/#"))
                        .setDeserializer(new PayloadAsString())
                        .build(), WatermarkStrategy.noWatermarks(), "mqtt")
                .print();

        assertThatThrownBy(() -> env.execute("tls-wrong-ca"))
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                        .contains("Could not connect MQTT source session tls-wrong-ca-" + ENV.mqtt().name()
                                + "-0 to ssl://localhost:" + tlsPort)
                        .contains("PKIX path building failed"));
    }

    @Test
    void hostNameVerificationIsOnByDefaultAndCanBeTurnedOff() throws Exception {
        String byAddress = "ssl://127.0.0.1:" + tlsPort;
        assertThatThrownBy(() -> connect(byAddress,
                new MqttTlsOptions(certs.caPem.toString(), null, null, true, true)))
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e)).containsIgnoringCase("127.0.0.1"));
        connect(byAddress, new MqttTlsOptions(certs.caPem.toString(), null, null, true, false));
    }

    private static void connect(String uri, MqttTlsOptions tls) throws Exception {
        MqttBrokerOptions options = MqttBrokerOptions.builder().setServerUri(uri).setClientIdPrefix("tls").setTls(tls)
                .build();
        MqttAsyncClient client = new MqttAsyncClient(options.serverUri(), "tls-probe", new MemoryPersistence());
        try {
            client.connect(options.toPaho(true, false)).waitForCompletion(10_000);
            assertThat(client.isConnected()).isTrue();
            client.disconnect().waitForCompletion(5_000);
        } finally {
            client.close(true);
        }
    }
}
