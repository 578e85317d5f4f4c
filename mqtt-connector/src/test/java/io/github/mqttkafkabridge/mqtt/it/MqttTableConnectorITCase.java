package io.github.mqttkafkabridge.mqtt.it;

import io.github.mqttkafkabridge.mqtt.testutil.BrokerKind;
import io.github.mqttkafkabridge.mqtt.testutil.ConnectorTestEnvironment;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient;
import io.github.mqttkafkabridge.mqtt.testutil.OnEveryMqttBroker;

import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code 'connector' = 'mqtt'} tables in Flink SQL: MQTT in, SQL, MQTT out, on HiveMQ CE and Mosquitto. */
@OnEveryMqttBroker
class MqttTableConnectorITCase {
    @RegisterExtension
    static final ConnectorTestEnvironment ENV = ConnectorTestEnvironment.builder()
            .miniCluster(2).mqttOnEveryBroker().build();

    @Parameter
    BrokerKind broker;

    private StreamTableEnvironment tableEnv() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(300, CheckpointingMode.EXACTLY_ONCE);
        env.setParallelism(1);
        return StreamTableEnvironment.create(env);
    }

    @Test
    void sqlReadsAndWritesMqtt() throws Exception {
        MqttTestBroker mqtt = ENV.mqtt();
        StreamTableEnvironment tEnv = tableEnv();
        tEnv.executeSql("CREATE TABLE readings (topic STRING, payload STRING, qos INT, "
                + "user_properties MAP<STRING, STRING>, received_at TIMESTAMP_LTZ(3)) WITH ('connector' = 'mqtt', "
                + "'server' = '" + mqtt.serverUri() + "', 'clientid_prefix' = 'table-src', "
                + "'topic_filters' = 'table/in/#;other/#')");
        tEnv.executeSql("CREATE TABLE alerts (topic STRING, payload STRING, qos INT, "
                + "user_properties MAP<STRING, STRING>) WITH ('connector' = 'mqtt', "
                + "'server' = '127.0.0.1:" + mqtt.port() + "', 'clientid_prefix' = 'table-sink')");
        TableResult insert = tEnv.executeSql("INSERT INTO alerts SELECT CONCAT('table/out/', SPLIT_INDEX(topic, '/', 2)), "
                + "CONCAT(UPPER(payload), ' from ', user_properties['site']), 1, user_properties FROM readings "
                + "WHERE received_at IS NOT NULL");
        try (MqttTestClient device = new MqttTestClient(mqtt.serverUri(), "table-device");
             MqttTestClient subscriber = new MqttTestClient(mqtt.serverUri(), "table-subscriber")) {
            subscriber.subscribe("table/out/#", 1);
            mqtt.awaitSubscription("table-src-0", "table/in/#", Duration.ofSeconds(60));
            device.publish("table/in/7", "hello", 1, "site", "berlin");

            MqttTestClient.Received out = subscriber.await(m -> m.topic().equals("table/out/7"), Duration.ofSeconds(60));
            assertThat(out.payload()).isEqualTo("HELLO from berlin");
            assertThat(out.qos()).isEqualTo(1);
        } finally {
            insert.getJobClient().orElseThrow().cancel().get();
        }
    }

    @Test
    void badTableDefinitionsAreRefusedWithClearMessages() {
        StreamTableEnvironment tEnv = tableEnv();
        tEnv.executeSql("CREATE TABLE bad_column (speed DOUBLE) WITH ('connector' = 'mqtt', 'server' = 'x:1', "
                + "'topic_filters' = 'a/#')");
        assertThatThrownBy(() -> tEnv.executeSql("SELECT * FROM bad_column").await())
                .hasStackTraceContaining("MQTT table column 'speed' is not supported; allowed: [topic, payload");
        tEnv.executeSql("CREATE TABLE no_filters (payload STRING) WITH ('connector' = 'mqtt', 'server' = 'x:1')");
        assertThatThrownBy(() -> tEnv.executeSql("SELECT * FROM no_filters").await())
                .hasStackTraceContaining("option 'topic_filters' is required");
        tEnv.executeSql("CREATE TABLE bad_server (payload STRING) WITH ('connector' = 'mqtt', 'server' = 'http://x', "
                + "'topic_filters' = 'a/#')");
        assertThatThrownBy(() -> tEnv.executeSql("SELECT * FROM bad_server").await())
                .isInstanceOf(ValidationException.class)
                .hasStackTraceContaining("server: \"http://x\" is not a broker address");
    }
}
