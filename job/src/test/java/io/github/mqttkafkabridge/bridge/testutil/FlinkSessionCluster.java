package io.github.mqttkafkabridge.bridge.testutil;

import io.github.mqttkafkabridge.mqtt.testutil.Ports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A Flink 2.2 standalone session cluster as a user runs it: a JobManager ({@code StandaloneSessionClusterEntrypoint})
 * and TaskManagers ({@code TaskManagerRunner}) as separate JVM processes, started from what a Flink distribution's
 * {@code lib/} holds (the class path the {@code job/flink-cluster} module resolves: Flink and its own libraries,
 * none of the bridge's), with a {@code config.yaml}, a checkpoint and a savepoint directory. Jobs reach it only
 * through its REST API ({@link #rest()}), the way {@code flink run} and the web UI's "Submit New Job" do, so the
 * bridge's classes come from the uploaded {@code bridge.jar} alone. {@link #killTaskManager} is SIGKILL.
 */
public final class FlinkSessionCluster implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path home;
    private final String classPath;
    private final int slotsPerTaskManager;
    private final int restPort;
    private final List<String> jvmFlags;
    private Process jobManager;
    private final List<Process> taskManagers = new ArrayList<>();
    private int taskManagersStarted;
    private final String restUrl;
    private final FlinkRest rest;

    private FlinkSessionCluster(Path home, int slotsPerTaskManager, Map<String, String> options) throws IOException {
        this.home = home;
        this.classPath = flinkLibClassPath();
        this.slotsPerTaskManager = slotsPerTaskManager;
        this.restPort = Ports.free();
        this.jvmFlags = flinkJvmFlags();
        Files.createDirectories(home.resolve("conf"));
        Files.createDirectories(home.resolve("log"));
        Map<String, String> config = new LinkedHashMap<>();
        config.put("jobmanager.rpc.address", "localhost");
        config.put("jobmanager.rpc.port", String.valueOf(Ports.free()));
        config.put("jobmanager.bind-host", "localhost");
        config.put("taskmanager.bind-host", "localhost");
        config.put("taskmanager.host", "localhost");
        config.put("rest.address", "localhost");
        config.put("rest.bind-address", "localhost");
        config.put("rest.port", String.valueOf(restPort));
        config.put("jobmanager.memory.process.size", "1024m");
        config.put("taskmanager.memory.process.size", "1280m");
        config.put("taskmanager.memory.managed.size", "64m");
        config.put("taskmanager.numberOfTaskSlots", String.valueOf(slotsPerTaskManager));
        config.put("parallelism.default", "1");
        config.put("execution.checkpointing.dir", home.resolve("checkpoints").toUri().toString());
        config.put("execution.checkpointing.savepoint-dir", home.resolve("savepoints").toUri().toString());
        config.put("execution.checkpointing.externalized-checkpoint-retention", "RETAIN_ON_CANCELLATION");
        config.put("restart-strategy.type", "fixed-delay");
        config.put("restart-strategy.fixed-delay.attempts", "1000");
        config.put("restart-strategy.fixed-delay.delay", "1 s");
        // A killed TaskManager is noticed in seconds rather than the default 50 s.
        config.put("heartbeat.interval", "1000");
        config.put("heartbeat.timeout", "6000");
        config.put("web.upload.dir", home.resolve("upload").toString());
        config.put("io.tmp.dirs", home.resolve("tmp").toString());
        config.putAll(options);
        Files.writeString(home.resolve("conf/config.yaml"), config.entrySet().stream()
                .map(e -> e.getKey() + ": " + e.getValue()).collect(Collectors.joining("\n", "", "\n")));
        Files.writeString(home.resolve("conf/log4j.properties"), String.join("\n",
                "rootLogger.level = INFO",
                "rootLogger.appenderRef.file.ref = MainAppender",
                "appender.main.name = MainAppender",
                "appender.main.type = File",
                "appender.main.fileName = ${sys:log.file}",
                "appender.main.layout.type = PatternLayout",
                "appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-40c{1.} - %m%n",
                "logger.kafka.name = org.apache.kafka", "logger.kafka.level = WARN",
                "logger.hivemq.name = com.hivemq", "logger.hivemq.level = WARN", ""));
        boolean tls = "true".equals(config.get("security.ssl.rest.enabled"));
        this.restUrl = (tls ? "https" : "http") + "://localhost:" + restPort;
        this.rest = tls ? new FlinkRest(restUrl, trusting(config.get("security.ssl.rest.truststore"),
                config.get("security.ssl.rest.truststore-password"))) : new FlinkRest(restUrl);
    }

    /** A TLS context that trusts the certificates of the REST endpoint's trust store. */
    private static SSLContext trusting(String trustStore, String password) throws IOException {
        try {
            KeyStore store = KeyStore.getInstance(Path.of(trustStore).toFile(), password.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the REST trust store " + trustStore, e);
        }
    }

    /** Starts a JobManager and {@code taskManagers} TaskManagers and waits until all their slots are registered. */
    public static FlinkSessionCluster start(Path home, int taskManagers, int slotsPerTaskManager,
            Map<String, String> options) throws Exception {
        FlinkSessionCluster cluster = new FlinkSessionCluster(home, slotsPerTaskManager, options);
        try {
            cluster.jobManager = cluster.launch("jobmanager",
                    "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                    cluster.resourceParams("GET_JM_RESOURCE_PARAMS"));
            for (int i = 0; i < taskManagers; i++) {
                cluster.startTaskManager();
            }
            cluster.awaitSlots(taskManagers * slotsPerTaskManager);
            return cluster;
        } catch (Exception | AssertionError e) {
            cluster.close();
            throw e;
        }
    }

    public FlinkRest rest() {
        return rest;
    }

    /** {@code http://localhost:<port>}, or {@code https://} with {@code security.ssl.rest.enabled: true}. */
    public String restUrl() {
        return restUrl;
    }

    public Path home() {
        return home;
    }

    /** Starts one more TaskManager process (after a kill: the job gets its slots back). */
    public void startTaskManager() throws Exception {
        taskManagers.add(launch("taskmanager-" + (++taskManagersStarted),
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", resourceParams("GET_TM_RESOURCE_PARAMS")));
    }

    /** SIGKILL to the newest TaskManager: no shutdown hooks, its tasks die mid-record. */
    public void killTaskManager() throws InterruptedException {
        Process tm = taskManagers.remove(taskManagers.size() - 1);
        tm.destroyForcibly();
        tm.waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits until the cluster reports at least {@code slots} slots from live TaskManagers. */
    public void awaitSlots(int slots) throws Exception {
        awaitRest("/overview", o -> o.path("slots-total").asInt() >= slots, START_TIMEOUT,
                slots + " task slots registered");
    }

    /** The last lines of every process's log, for a failure message. */
    public String logs() {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(home.resolve("log"))) {
            for (Path file : files.sorted().toList()) {
                String text = Files.readString(file);
                out.append("==== ").append(file.getFileName()).append('\n')
                        .append(text.length() > 15_000 ? text.substring(text.length() - 15_000) : text).append('\n');
            }
        } catch (IOException e) {
            out.append("(logs unreadable: ").append(e).append(")");
        }
        return out.toString();
    }

    /** All process logs concatenated, for assertions on what the cluster logged. */
    public String allLogs() throws IOException {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(home.resolve("log"))) {
            for (Path file : files.sorted().toList()) {
                out.append(Files.readString(file));
            }
        }
        return out.toString();
    }

    /** Polls a REST resource until {@code condition} holds; fails with the cluster's logs otherwise. */
    public JsonNode awaitRest(String path, Predicate<JsonNode> condition, Duration timeout, String what)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode last = null;
        Exception lastError = null;
        while (System.nanoTime() < deadline) {
            if (!jobManager.isAlive()) {
                throw new AssertionError("the JobManager exited with " + jobManager.exitValue() + ":\n" + logs());
            }
            try {
                last = rest.get(path);
                if (condition.test(last)) {
                    return last;
                }
            } catch (IOException e) {
                lastError = e;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within " + timeout + ": " + what + "; last " + path + ": " + last
                + (lastError == null ? "" : "; last error: " + lastError) + "\n" + logs());
    }

    private Process launch(String name, String mainClass, List<String> resourceParams) throws IOException {
        Path log = home.resolve("log/" + name + ".log");
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(jvmFlags);
        command.addAll(resourceParams.get(0).isBlank() ? List.of() : List.of(resourceParams.get(0).split(" ")));
        command.add("-Dlog.file=" + log);
        command.add("-Dlog4j.configurationFile=" + home.resolve("conf/log4j.properties").toUri());
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass);
        command.add("--configDir");
        command.add(home.resolve("conf").toString());
        if (resourceParams.size() > 1 && !resourceParams.get(1).isBlank()) {
            command.addAll(List.of(resourceParams.get(1).trim().split(" ")));
        }
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("log/" + name + ".out").toFile()))
                .start();
    }

    /**
     * The JVM parameters and dynamic options Flink's start scripts compute for a process from the configured
     * memory sizes ({@code BashJavaUtils}, as {@code taskmanager.sh} calls it): the TaskManager refuses to start
     * without them.
     */
    private List<String> resourceParams(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(java(), "-cp", classPath, "org.apache.flink.runtime.util.bash.BashJavaUtils",
                command, "--configDir", home.resolve("conf").toString(), "-D", "log.file=/dev/null")
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        p.waitFor(60, TimeUnit.SECONDS);
        List<String> results = output.lines().filter(l -> l.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:"))
                .map(l -> l.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length())).toList();
        if (results.isEmpty()) {
            throw new IllegalStateException("BashJavaUtils " + command + " printed no result:\n" + output);
        }
        return results;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The --add-opens/--add-exports flags this JVM got from the build: every Flink JVM on JDK 17 needs them. */
    private static List<String> flinkJvmFlags() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports")).toList();
    }

    private static String flinkLibClassPath() throws IOException {
        Path file = Path.of(System.getProperty("flink.cluster.classpath",
                "flink-cluster/target/flink-lib.classpath"));
        if (!Files.exists(file)) {
            throw new IllegalStateException(file.toAbsolutePath() + " is missing: the job/flink-cluster module "
                    + "writes it (mvn install from the repository root)");
        }
        return Files.readString(file).trim();
    }

    @Override
    public void close() {
        for (Process tm : taskManagers) {
            tm.destroyForcibly();
        }
        if (jobManager != null) {
            jobManager.destroyForcibly();
        }
        for (Process p : taskManagers) {
            waitQuietly(p);
        }
        if (jobManager != null) {
            waitQuietly(jobManager);
        }
        taskManagers.clear();
    }

    private static void waitQuietly(Process p) {
        try {
            p.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final ObjectMapper JSON = new ObjectMapper();
}
