package io.github.mqttkafkabridge.bridge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One pipe of a process bench, as the processes that are the pipe: the bridge ({@code bridge-cli run}), the raw
 * Java pipe, or the C pipe {@code mosquitto_sub | kcat -P}. The CPU it is charged is theirs alone.
 */
final class PipeProcesses implements AutoCloseable {
    private final String name;
    private final List<ChildProcess> processes;
    private final boolean endInputToDrain;
    private volatile boolean drained;

    private PipeProcesses(String name, List<ChildProcess> processes) {
        this(name, processes, false);
    }

    private PipeProcesses(String name, List<ChildProcess> processes, boolean endInputToDrain) {
        this.name = name;
        this.processes = processes;
        this.endInputToDrain = endInputToDrain;
    }

    /** {@code mosquitto_sub -q 1 | kcat -P}: what a user could glue together, at-most-once and without rules. */
    static PipeProcesses cPipe(String mosquittoSub, String kcat, String host, int port, String clientId,
                               String filter, int qos, String bootstrap, String topic, Path dir) throws IOException {
        List<String> subCommand = new ArrayList<>();
        // Into a pipe, mosquitto_sub's stdout is block-buffered: the last few messages of a run would wait for
        // more. Line buffering (coreutils' stdbuf) hands each message on as it arrives.
        ChildProcess.executable("stdbuf").ifPresent(stdbuf -> subCommand.addAll(List.of(stdbuf, "-oL")));
        subCommand.addAll(List.of(mosquittoSub, "-h", host, "-p", Integer.toString(port), "-V", "mqttv5",
                "-q", Integer.toString(qos), "-i", clientId, "-t", filter));
        ProcessBuilder sub = new ProcessBuilder(subCommand)
                .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto_sub.log").toFile()));
        ProcessBuilder pub = new ProcessBuilder(kcat, "-P", "-b", bootstrap, "-t", topic)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("kcat.log").toFile()));
        List<Process> pipeline = ProcessBuilder.startPipeline(List.of(sub, pub));
        return new PipeProcesses("c-pipe", List.of(
                ChildProcess.of("mosquitto_sub", pipeline.get(0), dir.resolve("mosquitto_sub.log")),
                ChildProcess.of("kcat", pipeline.get(1), dir.resolve("kcat.log"))), true);
    }

    /** The raw Java pipe (one Paho subscriber handing payloads to a KafkaProducer) in its own JVM. */
    static PipeProcesses rawPipe(String mqttUri, String clientId, String filter, int qos, String bootstrap,
                                 String topic, Path dir) throws IOException {
        return new PipeProcesses("raw", List.of(ChildProcess.startJava("raw-pipe", dir, List.of(),
                RawPipe.Main.class.getName(), mqttUri, clientId, filter, Integer.toString(qos), bootstrap, topic)));
    }

    /** The bridge as a user runs it: {@code bridge-cli run --conf FILE} ({@code cliMain}), in its own JVM. */
    static PipeProcesses bridge(String name, String cliMain, String configText, int webUiPort, List<String> jvmOptions,
                                Path dir) throws IOException {
        Path conf = dir.resolve(name + ".conf");
        Files.writeString(conf, configText);
        List<String> args = new ArrayList<>(List.of("run", "--conf", conf.toString(), "--web-ui-port",
                Integer.toString(webUiPort)));
        return new PipeProcesses(name, List.of(ChildProcess.startJava(name, dir, jvmOptions,
                cliMain, args.toArray(String[]::new))));
    }

    /**
     * Once the load is published: kcat -P holds back what it read last (measured: the last line of a burst,
     * and every line after it, stay unsent while its input is open), so the C pipe ends mosquitto_sub and
     * kcat sends the rest on end of input. The other pipes hand everything on by themselves.
     */
    void drain() {
        if (endInputToDrain) {
            drained = true;
            processes.get(0).process().destroy();
        }
    }

    /** The main process's CPU by thread group (for the bridge and the raw pipe, JVMs with named threads). */
    Measurement.ThreadBreakdown threadBreakdown() {
        if (endInputToDrain) {
            return null; // the C pipe: two single-threaded processes, their totals say it all
        }
        long pid = processes.get(0).process().pid();
        return new Measurement.ThreadBreakdown() {
            private Map<Long, ThreadCpu.Sample> start = Map.of();

            @Override
            public void start() {
                start = ThreadCpu.sample(pid);
            }

            @Override
            public Map<String, Long> end() {
                return ThreadCpu.between(start, ThreadCpu.sample(pid));
            }
        };
    }

    boolean holdsLastMessages() {
        return endInputToDrain;
    }

    String name() {
        return name;
    }

    long cpuNanos() {
        long total = 0;
        for (ChildProcess p : processes) {
            total += p.cpuNanos();
        }
        return total;
    }

    void requireAlive() {
        if (!drained) {
            processes.forEach(ChildProcess::requireAlive);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (ChildProcess p : processes) {
            p.close();
        }
    }
}
