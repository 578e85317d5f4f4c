package io.github.mqttkafkabridge.bridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A process the bench started (a broker, a pipe, a load generator), with its output in a log file. Its CPU time
 * is read from the operating system ({@code /proc/<pid>/stat} on Linux), for it and its descendants, so the
 * bench can charge each pipe only for its own processes.
 */
final class ChildProcess implements AutoCloseable {
    /** Every process the bench started and has not closed: a Ctrl-C of the bench must not leave them running. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroy),
                "bench-child-processes"));
    }

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        RUNNING.add(process);
    }

    /** Starts {@code command} with stdout and stderr appended to {@code <dir>/<name>.log}. */
    static ChildProcess start(String name, Path dir, List<String> command) throws IOException {
        Path log = dir.resolve(name + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        return new ChildProcess(name, p, log);
    }

    /** Starts {@code mainClass} in a new JVM on this JVM's class path. */
    static ChildProcess startJava(String name, Path dir, List<String> jvmOptions, String mainClass, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaCommand());
        // The CLI's logging (to stderr, here the log file), not whichever log4j2 file the class path offers first.
        command.add("-Dlog4j2.configurationFile=log4j2-cli.xml");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return start(name, dir, command);
    }

    /** Wraps a process started elsewhere (e.g. one stage of a {@link ProcessBuilder#startPipeline} pipeline). */
    static ChildProcess of(String name, Process process, Path log) {
        return new ChildProcess(name, process, log);
    }

    static String javaCommand() {
        return ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** The first of {@code names} found on the PATH or in /usr/sbin, or empty. */
    static Optional<String> executable(String... names) {
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        dirs.add("/usr/sbin");
        dirs.add("/usr/local/sbin");
        for (String n : names) {
            for (String d : dirs) {
                Path p = Path.of(d.isEmpty() ? "." : d, n);
                if (Files.isExecutable(p)) {
                    return Optional.of(p.toString());
                }
            }
        }
        return Optional.empty();
    }

    Process process() {
        return process;
    }

    String name() {
        return name;
    }

    Path log() {
        return log;
    }

    /** User plus system CPU time of this process and its descendants so far, in nanoseconds. */
    long cpuNanos() {
        long total = cpuNanos(process.toHandle());
        for (ProcessHandle child : process.descendants().toList()) {
            total += cpuNanos(child);
        }
        return total;
    }

    private static long cpuNanos(ProcessHandle handle) {
        return handle.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; see " + log);
        }
    }

    @Override
    public void close() throws InterruptedException {
        try {
            stop();
        } finally {
            RUNNING.remove(process);
        }
    }

    private void stop() throws InterruptedException {
        // Closing stdin ends the bench's own child JVMs cleanly; the others get SIGTERM, then SIGKILL.
        try {
            process.getOutputStream().close();
        } catch (IOException ignored) {
            // already gone
        }
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
