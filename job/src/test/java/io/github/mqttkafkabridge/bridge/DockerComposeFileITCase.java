package io.github.mqttkafkabridge.bridge;

import io.github.mqttkafkabridge.bridge.config.BridgeConfig;
import io.github.mqttkafkabridge.bridge.config.BridgeConfigLoader;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml cannot run here (no Docker engine), so check what can go wrong without one: it parses,
 * has the services the README promises, every host path it mounts exists after the build, and the
 * configuration it submits loads and compiles.
 */
class DockerComposeFileITCase {
    private static final Path REPO = Path.of("..");

    @Test
    @SuppressWarnings("unchecked")
    void composeFileParsesAndMountsExistingPaths() throws Exception {
        Map<String, Object> compose;
        try (Reader r = Files.newBufferedReader(REPO.resolve("docker-compose.yml"))) {
            compose = new Yaml().load(r);
        }
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("jobmanager", "taskmanager", "client", "kafka", "emqx");
        assertThat((String) services.get("kafka").get("image")).startsWith("apache/kafka:4.2");
        assertThat((String) services.get("jobmanager").get("image")).startsWith("flink:2.2");
        assertThat((String) services.get("emqx").get("image")).startsWith("emqx/emqx:5");

        int mounts = 0;
        for (Map<String, Object> service : services.values()) {
            for (Object volume : (List<Object>) service.getOrDefault("volumes", List.of())) {
                String hostPath = volume.toString().split(":")[0];
                if (hostPath.startsWith("./")) {
                    assertThat(REPO.resolve(hostPath)).as("mounted path %s", hostPath).exists();
                    mounts++;
                }
            }
        }
        assertThat(mounts).isEqualTo(3);
    }

    @Test
    void clusterJarHoldsTheJobAndItsConnectorsButNotFlink() throws Exception {
        try (JarFile jar = new JarFile(REPO.resolve("job/target/bridge.jar").toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(BridgeJob.class.getName());
            for (String cls : List.of("io/github/mqttkafkabridge/bridge/BridgeJob.class",
                    "io/github/mqttkafkabridge/mqtt/source/MqttSource.class",
                    "org/eclipse/paho/mqttv5/client/MqttAsyncClient.class",
                    "org/apache/flink/connector/kafka/sink/KafkaSink.class",
                    "org/apache/kafka/clients/producer/KafkaProducer.class",
                    "com/fasterxml/jackson/databind/ObjectMapper.class",
                    "com/typesafe/config/ConfigFactory.class")) {
                assertThat(jar.getEntry(cls)).as(cls).isNotNull();
            }
            for (String cls : List.of("org/apache/flink/streaming/api/environment/StreamExecutionEnvironment.class",
                    "org/apache/flink/table/api/TableEnvironment.class", "com/hivemq/embedded/EmbeddedHiveMQ.class",
                    "kafka/server/KafkaBroker.class")) {
                assertThat(jar.getEntry(cls)).as(cls + " must come from the cluster or stay out").isNull();
            }
        }
    }

    @Test
    void submittedConfigurationLoadsAndCompiles() {
        BridgeConfig config = BridgeConfigLoader.load(REPO.resolve("conf/bridge-compose.conf"));
        assertThat(config.mqtt().serverUri()).isEqualTo("tcp://emqx:1883");
        assertThat(config.kafkaActions().get("my_sink").connection().bootstrapHosts()).isEqualTo("kafka:9092");
        assertThat(BridgePipeline.compileRules(config)).hasSize(3);
    }
}
