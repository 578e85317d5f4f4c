package io.github.mqttkafkabridge.bridge.delivery;

import io.github.mqttkafkabridge.bridge.testutil.BrokerKind;
import io.github.mqttkafkabridge.bridge.testutil.MqttTestBroker;
import io.github.mqttkafkabridge.bridge.testutil.PayloadAsString;
import io.github.mqttkafkabridge.bridge.testutil.TestJobs;
import io.github.mqttkafkabridge.bridge.testutil.TestCertificates;
import io.github.mqttkafkabridge.mqtt.common.MqttBrokerOptions;
import io.github.mqttkafkabridge.mqtt.common.MqttTlsOptions;
import io.github.mqttkafkabridge.mqtt.source.MqttSource;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.ExceptionUtils;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TLS to the broker with a test CA, on HiveMQ CE and Mosquitto: the right CA connects, a wrong CA or host name is
 * refused clearly.
 */
@ParameterizedClass
@EnumSource(BrokerKind.class)
class MqttTlsITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    @TempDir
    static Path dir;

    private static TestCertificates certs;
    private static MqttTestBroker mqtt;
    private static int tlsPort;

    @Parameter
    BrokerKind broker;

    @BeforeAll
    static void createCertificates() throws Exception {
        certs = TestCertificates.create(dir);
    }

    @BeforeParameterizedClassInvocation
    static void startBroker(BrokerKind kind) throws Exception {
        mqtt = kind.startWithTls(certs);
        tlsPort = mqtt.tlsPort();
    }

    @AfterParameterizedClassInvocation
    static void stopBroker() throws Exception {
        if (mqtt != null) {
            mqtt.close();
            mqtt = null;
        }
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
                                .setClientIdPrefix("tls-wrong-ca-" + mqtt.name())
                                .setTls(new MqttTlsOptions(certs.otherCaPem.toString(), null, null, true, true))
                                .build())
                        .setTopicFilters(List.of("tls/#"))
                        .setDeserializer(new PayloadAsString())
                        .build(), WatermarkStrategy.noWatermarks(), "mqtt")
                .print();

        assertThatThrownBy(() -> env.execute("tls-wrong-ca"))
                .satisfies(e -> assertThat(ExceptionUtils.stringifyException(e))
                        .contains("Could not connect MQTT source session tls-wrong-ca-" + mqtt.name()
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
