package io.github.mqttkafkabridge.bridge.docker;

import io.github.mqttkafkabridge.bridge.BridgeJob;
import io.github.mqttkafkabridge.bridge.testutil.FlinkRest;
import io.github.mqttkafkabridge.mqtt.testutil.KafkaReader;
import io.github.mqttkafkabridge.mqtt.testutil.MqttTestClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.DockerClient;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.utility.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code docker-compose.yml} brought up as a user brings it up — {@code docker compose up -d} on the file itself,
 * through Testcontainers' {@link ComposeContainer} and the local {@code docker} CLI — once per test class, and
 * taken down with its volumes afterwards. Ready means: the file's one-shot {@code client} service has submitted
 * {@code job/target/bridge.jar}, the job runs, and a message published to {@value #WARMUP_TOPIC} on EMQX has
 * reached Kafka topic {@value #SEED_KAFKA_TOPIC} through it.
 *
 * <p>Every address is a host port the compose file publishes, read from it. Kafka advertises
 * {@code localhost:29092} to clients outside the compose network, so the Docker engine must run on this machine.
 * Without an engine, {@link #beforeAll} fails before anything starts and says so: the profile is asked for, so
 * a missing engine is an error, not a skip.
 */
final class ComposeStack implements BeforeAllCallback, AfterAllCallback {
    static final String SEED_KAFKA_TOPIC = "testtopic-in";
    private static final String WARMUP_TOPIC = "t/warmup";
    private static final Path REPO = Path.of("..");
    private static final Duration JOB_START = Duration.ofMinutes(3);

    /** Checked once per JVM, before any container starts: null = an engine answered. */
    private static RuntimeException noDockerEngine;
    private static boolean dockerChecked;

    private final ComposeFile file = ComposeFile.read(REPO.resolve("docker-compose.yml"));
    private ComposeContainer compose;
    private String host;
    private FlinkRest flink;
    private String bridgeJobId;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        requireDockerEngine(file);
        Path jar = REPO.resolve("job/target/bridge.jar");
        if (!Files.isRegularFile(jar)) {
            throw new ExtensionConfigurationException(jar.normalize() + " does not exist, and the compose file's "
                    + "client service submits it: run these tests with mvn verify -Pdocker, which packages it first");
        }
        System.out.printf("[docker] docker compose up -d on %s: %s (the first run pulls these images)%n",
                file.path().normalize(), String.join(", ", file.images()));
        compose = new ComposeContainer("bridge-it", file.path().toAbsolutePath().normalize().toFile());
        try {
            compose.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("docker compose up failed on " + file.path().normalize()
                    + " (Testcontainers logs its output under the logger \"docker\"). The file publishes the host "
                    + "ports " + file.publishedPorts() + ": is another copy of the stack running (docker compose down)?",
                    e);
        }
        host = DockerClientFactory.instance().dockerHostIpAddress();
        flink = new FlinkRest("http://" + host + ":" + file.publishedPort("jobmanager", 8081));
        bridgeJobId = awaitBridgeJobRunning();
        awaitMqttToKafka();
        System.out.printf("[docker] the bridge job %s runs and moves MQTT messages to Kafka%n", bridgeJobId);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (compose != null) {
            compose.stop();
        }
    }

    /**
     * Fails, with what is missing, unless Testcontainers finds a Docker engine and the {@code docker} CLI (which
     * runs {@code docker compose}) is on the PATH. Probes once; later calls repeat the first answer.
     */
    static synchronized void requireDockerEngine(ComposeFile file) {
        if (!dockerChecked) {
            dockerChecked = true;
            try {
                DockerClientFactory.instance().client();
            } catch (RuntimeException none) {
                noDockerEngine = new ExtensionConfigurationException("the docker profile needs a running Docker "
                        + "engine (DOCKER_HOST / /var/run/docker.sock): none found; these tests start the images of "
                        + file.path().getFileName() + " (" + String.join(", ", file.images()) + ")", none);
            }
            if (noDockerEngine == null && !CommandLine.executableExists(ComposeContainer.COMPOSE_EXECUTABLE)) {
                noDockerEngine = new ExtensionConfigurationException("the docker profile runs \"docker compose\" on "
                        + file.path().getFileName() + ": a Docker engine answers, but there is no docker CLI on the PATH");
            }
        }
        if (noDockerEngine != null) {
            throw noDockerEngine;
        }
    }

    /** EMQX's MQTT listener, e.g. {@code tcp://localhost:1883}. */
    String mqttServerUri() {
        return "tcp://" + host + ":" + file.publishedPort("emqx", 1883);
    }

    /** Kafka's listener for clients outside the compose network. */
    String kafkaBootstrapServers() {
        return host + ":" + file.publishedPort("kafka", 29092);
    }

    FlinkRest flink() {
        return flink;
    }

    /** The id of the job that the compose file's client service submitted. */
    String bridgeJobId() {
        return bridgeJobId;
    }

    /** Kills the service's container with SIGKILL, as a crashed host would, and starts the same container again. */
    void killAndStart(String service) throws InterruptedException {
        ContainerState container = container(service);
        DockerClient docker = container.getDockerClient();
        docker.killContainerCmd(container.getContainerId()).withSignal("KILL").exec();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (container.isRunning()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the " + service + " container still runs 30 s after SIGKILL");
            }
            Thread.sleep(100);
        }
        System.out.printf("[docker] %s killed with SIGKILL; starting it again%n", service);
        docker.startContainerCmd(container.getContainerId()).exec();
    }

    /** The end of the service's container log, for failure messages. */
    String logTail(String service) {
        String log = container(service).getLogs();
        return log.length() <= 15_000 ? log : "..." + log.substring(log.length() - 15_000);
    }

    private ContainerState container(String service) {
        return compose.getContainerByServiceName(service).orElseThrow(
                () -> new IllegalStateException("no container of the compose service " + service));
    }

    private String awaitBridgeJobRunning() throws Exception {
        long deadline = System.nanoTime() + JOB_START.toNanos();
        String state = "not submitted";
        while (System.nanoTime() < deadline) {
            Optional<JsonNode> job = Optional.empty();
            try {
                job = flink.job(BridgeJob.JOB_NAME);
            } catch (IOException restNotUpYet) {
                // the JobManager is still starting
            }
            if (job.isPresent()) {
                state = job.get().path("state").asText();
                if (state.equals("RUNNING")) {
                    return job.get().path("jid").asText();
                }
                if (List.of("FAILED", "CANCELED", "FINISHED").contains(state)) {
                    break;
                }
            }
            var client = container("client").getCurrentContainerInfo().getState();
            if (!Boolean.TRUE.equals(client.getRunning()) && client.getExitCodeLong() != null
                    && client.getExitCodeLong() != 0) {
                throw new AssertionError("the compose service client could not submit bridge.jar (exit code "
                        + client.getExitCodeLong() + "); its log:\n" + logTail("client"));
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the bridge job " + BridgeJob.JOB_NAME + " is " + state + " instead of RUNNING "
                + "within " + JOB_START + "; client log:\n" + logTail("client") + "\njobmanager log:\n"
                + logTail("jobmanager"));
    }

    /** Until the source has subscribed, EMQX drops what is published: wait for one message's round trip. */
    private void awaitMqttToKafka() throws Exception {
        long deadline = System.nanoTime() + JOB_START.toNanos();
        try (MqttTestClient device = new MqttTestClient(mqttServerUri(), "compose-warmup");
             KafkaReader reader = new KafkaReader(kafkaBootstrapServers(), SEED_KAFKA_TOPIC)) {
            for (int n = 0; ; n++) {
                device.publish(WARMUP_TOPIC, "warmup-" + n, 1);
                try {
                    reader.awaitRecord(r -> r.value() != null
                            && new String(r.value(), StandardCharsets.UTF_8).contains("warmup-"), Duration.ofSeconds(1));
                    return;
                } catch (AssertionError notYet) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("no message published to " + WARMUP_TOPIC + " reached Kafka topic "
                                + SEED_KAFKA_TOPIC + " within " + JOB_START + "; taskmanager log:\n"
                                + logTail("taskmanager"), notYet);
                    }
                }
            }
        }
    }
}
