package io.github.mqttkafkabridge.bridge.cli;

import org.apache.flink.runtime.jobgraph.JobGraph;

import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What {@code deploy} keeps next to the configuration ({@code <name>-deploy/}) so that it can start the previous
 * version again when a new one does not come up: the job graph it last deployed and a copy of the jar that graph
 * runs on (the user may rebuild {@code bridge.jar} in place). The graph holds the resolved configuration, secrets
 * included, exactly as the cluster got it: the directory is readable by its owner only.
 */
final class DeployRecord {
    private static final String GRAPH = "deployed.jobgraph";

    private final Path dir;

    DeployRecord(Path dir) {
        this.dir = dir;
    }

    static Path defaultDir(Path conf) {
        String file = conf.getFileName().toString();
        String name = file.endsWith(".conf") ? file.substring(0, file.length() - 5) : file;
        return conf.toAbsolutePath().getParent().resolve(name + "-deploy");
    }

    Path dir() {
        return dir;
    }

    /** A copy of {@code jar} in the record, named by its content, for a job graph to run on. */
    Path keepJar(Path jar) throws Exception {
        createDir();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (InputStream in = new DigestInputStream(Files.newInputStream(jar), sha)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        Path copy = dir.resolve("bridge-" + HexFormat.of().formatHex(sha.digest(), 0, 6) + ".jar");
        if (!Files.exists(copy)) {
            Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        return copy.toAbsolutePath();
    }

    /** The job graph of the previous successful deploy, if any. */
    Optional<JobGraph> previous() throws IOException, ClassNotFoundException {
        Path file = dir.resolve(GRAPH);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try (ObjectInputStream in = new ObjectInputStream(Files.newInputStream(file))) {
            return Optional.of((JobGraph) in.readObject());
        }
    }

    /** Records {@code graph} as the deployed version and drops the jar copies no graph needs any more. */
    void deployed(JobGraph graph) throws IOException {
        createDir();
        Path tmp = dir.resolve(GRAPH + ".tmp");
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(tmp))) {
            out.writeObject(graph);
        }
        Files.move(tmp, dir.resolve(GRAPH), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        var used = graph.getUserJars().stream().map(p -> Path.of(p.toUri()).getFileName().toString()).toList();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                if (name.startsWith("bridge-") && name.endsWith(".jar") && !used.contains(name)) {
                    Files.delete(f);
                }
            }
        }
    }

    private void createDir() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            dir.toFile().setReadable(false, false);
            dir.toFile().setReadable(true, true);
            dir.toFile().setExecutable(false, false);
            dir.toFile().setExecutable(true, true);
        }
    }
}
