package io.github.mqttkafkabridge.bridge.cli;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptionsInternal;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where {@code run} keeps its checkpoints, so that a restarted {@code run} — after Ctrl-C, {@code kill -9} or a
 * crash — resumes from the latest one: the MQTT source's unacknowledged messages and de-duplication state, the
 * Kafka sinks' transactions and the window state come back, and exactly-once holds across the restart.
 *
 * <p>The job always has the same id, so its checkpoints are always in {@code <dir>/<job id>/chk-<n>}; the newest
 * one with its {@code _metadata} written is restored, in claim mode (Flink owns it from then on and deletes it
 * once newer checkpoints subsume it), allowing state of removed rules to be dropped.
 */
final class LocalState {
    /** The id of every {@code run}'s job: it names the checkpoint directory a restart looks in. */
    static final JobID JOB_ID = JobID.fromHexString("6d71747462726964676572756e6a6f62");
    private static final Pattern CHECKPOINT = Pattern.compile("chk-(\\d+)");

    private LocalState() {}

    /** {@code conf} made to checkpoint into {@code dir} and to resume from its latest checkpoint, if any. */
    static Optional<Path> apply(Configuration conf, Path dir) throws IOException {
        Path checkpoints = dir.toAbsolutePath().resolve("checkpoints");
        Files.createDirectories(checkpoints);
        conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        // Kept when the job ends, so that the next run finds them (a killed process deletes nothing anyway).
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID, JOB_ID.toHexString());
        Optional<Path> latest = latest(checkpoints.resolve(JOB_ID.toHexString()));
        latest.ifPresent(path -> {
            conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path.toUri().toString());
            conf.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.CLAIM);
            // A rule removed since the checkpoint leaves state nobody restores: drop it rather than refuse to start.
            conf.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
        });
        return latest;
    }

    /** The newest complete checkpoint in a job's checkpoint directory. */
    static Optional<Path> latest(Path jobDir) throws IOException {
        if (!Files.isDirectory(jobDir)) {
            return Optional.empty();
        }
        try (Stream<Path> dirs = Files.list(jobDir)) {
            return dirs.filter(d -> CHECKPOINT.matcher(d.getFileName().toString()).matches())
                    .filter(d -> Files.isRegularFile(d.resolve("_metadata")))
                    .max(Comparator.comparingLong(LocalState::number));
        }
    }

    private static long number(Path checkpointDir) {
        Matcher m = CHECKPOINT.matcher(checkpointDir.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : -1;
    }

    /** The default state directory: {@code <name>-state} beside the configuration file {@code <name>.conf}. */
    static Path defaultDir(Path confFile) {
        Path abs = confFile.toAbsolutePath();
        String name = abs.getFileName().toString().replaceFirst("\\.conf$", "");
        return abs.resolveSibling(name + "-state");
    }
}
