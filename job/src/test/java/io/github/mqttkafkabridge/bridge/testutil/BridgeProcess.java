package io.github.mqttkafkabridge.bridge.testutil;

import io.github.mqttkafkabridge.mqtt.testutil.Ports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code java -jar job/target/bridge-cli.jar run --conf FILE} as a child process, the way a user runs the bridge:
 * its log goes to a file the test can wait on; {@link #kill()} is SIGKILL.
 */
public final class BridgeProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private BridgeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /**
     * Starts {@code bridge-cli.jar run} (built by the package phase, before the integration tests; the system
     * property {@code bridge.cli.jar} points at another build, e.g. to compare with an earlier version).
     */
    public static BridgeProcess run(Path conf, Path log) throws IOException {
        Path jar = Path.of(System.getProperty("bridge.cli.jar", "target/bridge-cli.jar")).toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: the package phase builds it");
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-Xmx1g", "-jar", jar.toString(), "run", "--conf",
                conf.toString(), "--web-ui-port", String.valueOf(Ports.free())))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        return new BridgeProcess(p, log);
    }

    /** Waits until the process has logged {@code text}; fails early if it exits. */
    public void awaitLog(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.readString(log).contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError("the bridge exited with " + process.exitValue() + " before logging \""
                        + text + "\":\n" + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the bridge did not log \"" + text + "\" within " + timeout + ":\n"
                + Files.readString(log) + "\nits threads:\n" + threadDump());
    }

    /** What the process is doing, for a failure message: {@code jcmd <pid> Thread.print}. */
    private String threadDump() {
        try {
            String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            Process p = new ProcessBuilder(jcmd, String.valueOf(process.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String dump = new String(p.getInputStream().readAllBytes());
            p.waitFor(30, TimeUnit.SECONDS);
            return dump.length() > 60_000 ? dump.substring(0, 60_000) : dump;
        } catch (IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGKILL: no shutdown hooks, no goodbye to the brokers. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }
}
