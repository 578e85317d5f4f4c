package io.github.mqttkafkabridge.bridge;

import io.github.mqttkafkabridge.bridge.testutil.BridgeTestEnvironment;
import io.github.mqttkafkabridge.mqtt.testutil.BrokerKind;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestBroker;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient.Received;

import org.apache.flink.core.execution.JobClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rule that republishes into its own topic filter (EMQX skips a message the same rule republished): each
 * device message is republished once, not in an endless loop, while another rule still sees the republished ones.
 */
class RepublishLoopITCase {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    @RegisterExtension
    static final BridgeTestEnvironment ENV = BridgeTestEnvironment.builder()
            .miniCluster(2).mqtt(BrokerKind.HIVEMQ).build();

    @Test
    void aRuleDoesNotConsumeItsOwnRepublishes() throws Exception {
        MqttTestBroker mqtt = ENV.mqtt();
        try (MqttTestClient device = new MqttTestClient(mqtt.serverUri(), "loop-device");
             MqttTestClient watcher = new MqttTestClient(mqtt.serverUri(), "loop-watcher")) {
            watcher.subscribe("loop/#", 1);
            JobClient job = ENV.startBridge("republish-loop", ENV.baseConfig("loop-it")
                    + "flink { checkpoint_interval = 300ms }\n"
                    + "rule_engine.rules.echo { sql = \"SELECT payload, pub_props FROM \\\"loop/#\\\"\",\n"
                    + "  actions = [{function = republish, args = {topic = loop/echo, payload = \"echo ${payload}\", qos = 1,\n"
                    + "    user_properties = \"${pub_props.'User-Property'}\"}}] }\n"
                    + "rule_engine.rules.count { sql = \"SELECT payload FROM \\\"loop/echo\\\"\",\n"
                    + "  actions = [{function = republish, args = {topic = seen/echo, payload = \"${payload}\", qos = 1}}] }\n");
            try {
                mqtt.awaitSubscription("loop-it-0", "loop/#", TIMEOUT);
                watcher.subscribe("seen/#", 1);
                device.publish("loop/in", "a", 1, "origin", "device", "origin", "again");
                watcher.await(m -> m.topic().equals("seen/echo") && m.payload().equals("echo a"), TIMEOUT);
                device.publish("loop/in", "b", 1);
                watcher.await(m -> m.topic().equals("seen/echo") && m.payload().equals("echo b"), TIMEOUT);
                // Had "echo" consumed its own output, "echo echo a", "echo echo echo a"... would be there by now.
                assertThat(watcher.all()).filteredOn(m -> m.topic().equals("loop/echo")).extracting(Received::payload)
                        .containsExactly("echo a", "echo b");
                Received echoed = watcher.all().stream().filter(m -> m.topic().equals("loop/echo")).findFirst()
                        .orElseThrow();
                // The original user properties in order (repeated keys kept), after the bridge's own stamp.
                assertThat(echoed.userProperties()).containsExactly("bridge-republished-by=echo", "origin=device",
                        "origin=again");
            } finally {
                job.cancel().get();
            }
        }
    }
}
