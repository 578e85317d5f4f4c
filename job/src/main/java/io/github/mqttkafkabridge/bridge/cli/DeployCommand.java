package io.github.mqttkafkabridge.bridge.cli;

import io.github.mqttkafkabridge.bridge.BridgeJob;
import io.github.mqttkafkabridge.bridge.BridgePipeline;
import io.github.mqttkafkabridge.bridge.JobParts;
import io.github.mqttkafkabridge.bridge.config.BridgeConfig;
import io.github.mqttkafkabridge.bridge.config.BridgeConfigLoader;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.ConfigConstants;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code deploy --cluster URL --conf FILE}: puts the bridge of FILE on a Flink session cluster in one step,
 * replacing the running bridge job without losing or duplicating a message:
 * <ol>
 *   <li>loads the configuration and compiles every rule here, first: a bad rule stops the deploy, never the job;
 *   <li>stops the running bridge job with a savepoint (its Kafka transactions commit, its MQTT sessions stay with
 *       the broker, which keeps their messages);
 *   <li>submits the new job graph with {@code bridge.jar}, restoring that savepoint, and says which state of the
 *       old version it keeps and which it drops (removed rules and actions, edited windowed rules);
 *   <li>waits until all its tasks are RUNNING, and when they are not, cancels it and starts the previous version
 *       (kept in {@code <name>-deploy/}) from the same savepoint.
 * </ol>
 * With no bridge job running it starts one without state.
 */
@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = "Replace the bridge job on a Flink session cluster with the one of --conf: savepoint, "
                + "restore, and back to the previous version if the new one does not come up.")
final class DeployCommand implements Callable<Integer> {
    @Option(names = "--cluster", required = true, description = "Flink REST endpoint, e.g. http://localhost:8081 "
            + "or https://flink.example.com:8081")
    URI cluster;

    @Option(names = "--flink-conf", description = "The client's Flink configuration directory, as for flink run: "
            + "its config.yaml gives security.ssl.rest.* for an https endpoint (default: $FLINK_CONF_DIR if set)")
    Path flinkConf;

    @Option(names = "--conf", required = true, description = "Bridge configuration (HOCON), e.g. conf/bridge.conf")
    Path conf;

    @Option(names = "--jar", description = "The job jar (default: bridge.jar next to bridge-cli.jar)")
    Path jar;

    @Option(names = "--savepoint-dir", description = "Where the savepoint goes (default: the cluster's "
            + "execution.checkpointing.savepoint-dir)")
    String savepointDir;

    @Option(names = "--job-id", description = "The job to replace, when the cluster runs several bridge jobs")
    String jobId;

    @Option(names = "--timeout", defaultValue = "PT2M", description = "How long the new job may take to be "
            + "RUNNING, and a savepoint to complete (ISO-8601, default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--record-dir", description = "Where the deployed version is kept for a rollback "
            + "(default: <name>-deploy next to the configuration)")
    Path recordDir;

    @Option(names = "--allow-non-restored-state", description = "Start even when the savepoint holds state the "
            + "new version has no operator for, beyond what deploy itself found removed or edited")
    boolean allowNonRestoredState;

    @Spec
    CommandSpec spec;

    private PrintWriter out;

    @Override
    public Integer call() throws Exception {
        out = spec.commandLine().getOut();
        // The URL and TLS options are checked first; the client connects only when asked something.
        try (FlinkCluster flink = new FlinkCluster(cluster, clientFlinkConfig())) {
            BridgeConfig config = BridgeConfigLoader.load(conf);
            DeployRecord record = new DeployRecord(recordDir != null ? recordDir : DeployRecord.defaultDir(conf));
            Build build = jobGraph(config, record.keepJar(jarFile()));
            JobGraph next = build.graph();
            JobParts nextParts = build.parts();
            say("configuration " + conf + ": " + config.rules().size() + " rule(s) compiled");

            Optional<JobStatusMessage> running = runningBridge(flink);
            if (running.isEmpty()) {
                say("no " + BridgeJob.JOB_NAME + " job runs on " + cluster + ": starting it without state");
                JobID started = flink.submit(next, timeout);
                String failure = flink.awaitRunning(started, timeout);
                if (failure != null) {
                    say("FAILED: job " + started + " did not come up: " + failure);
                    return 1;
                }
                record.deployed(next);
                say("job " + started + " RUNNING");
                return 0;
            }
            JobID old = running.get().getJobId();
            JobParts oldParts = flink.parts(old);
            boolean dropsState;
            if (oldParts.isEmpty()) {
                say("job " + old + " does not say which rules it runs (an older bridge): its state is restored "
                        + "where the operator ids match");
                dropsState = false;
            } else {
                nextParts.changesFrom(oldParts).forEach(this::say);
                dropsState = nextParts.dropsStateOf(oldParts);
            }
            say("stopping job " + old + " with a savepoint");
            String savepoint = flink.stopWithSavepoint(old, savepointDir, timeout);
            say("savepoint " + savepoint);

            next.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint,
                    dropsState || allowNonRestoredState, RecoveryClaimMode.NO_CLAIM));
            JobID started = flink.submit(next, timeout);
            String failure = flink.awaitRunning(started, timeout);
            if (failure == null) {
                record.deployed(next);
                say("job " + started + " RUNNING, restored from " + savepoint);
                return 0;
            }
            say("FAILED: the new job " + started + " did not come up: " + failure);
            return rollBack(flink, record, started, savepoint);
        }
    }

    /** Cancels the new job and starts the recorded previous version from the savepoint it was stopped with. */
    private int rollBack(FlinkCluster flink, DeployRecord record, JobID failed, String savepoint) throws Exception {
        if (!flink.hasEnded(failed)) {
            flink.cancel(failed, timeout);
        }
        Optional<JobGraph> previous = record.previous();
        if (previous.isEmpty()) {
            say("no previous version is recorded in " + record.dir() + ": start it from savepoint " + savepoint
                    + " yourself (flink run -s " + savepoint + " ...)");
            return 2;
        }
        JobGraph graph = previous.get();
        graph.setJobID(JobID.generate());
        graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false,
                RecoveryClaimMode.NO_CLAIM));
        JobID restarted = flink.submit(graph, timeout);
        String failure = flink.awaitRunning(restarted, timeout);
        if (failure != null) {
            say("FAILED: the previous version (job " + restarted + ") did not come up either: " + failure
                    + "; the savepoint is " + savepoint);
            return 2;
        }
        say("rolled back: the previous version runs again as job " + restarted + ", restored from " + savepoint);
        return 1;
    }

    /** The Flink configuration {@code flink run} would read: --flink-conf, else $FLINK_CONF_DIR, else none. */
    private Configuration clientFlinkConfig() {
        String env = System.getenv(ConfigConstants.ENV_FLINK_CONF_DIR);
        Path dir = flinkConf != null ? flinkConf : env != null && !env.isBlank() ? Path.of(env) : null;
        if (dir == null) {
            return new Configuration();
        }
        String option = flinkConf != null ? "--flink-conf" : "$" + ConfigConstants.ENV_FLINK_CONF_DIR;
        if (!Files.isRegularFile(dir.resolve(GlobalConfiguration.FLINK_CONF_FILENAME))) {
            throw new IllegalArgumentException(option + ": " + dir + " has no Flink configuration file "
                    + GlobalConfiguration.FLINK_CONF_FILENAME);
        }
        return GlobalConfiguration.loadConfiguration(dir.toString());
    }

    private Optional<JobStatusMessage> runningBridge(FlinkCluster flink) throws Exception {
        List<JobStatusMessage> jobs = flink.activeJobs(BridgeJob.JOB_NAME, timeout);
        if (jobId != null) {
            return Optional.of(jobs.stream().filter(j -> j.getJobId().toString().equals(jobId)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--job-id: no running " + BridgeJob.JOB_NAME
                            + " job " + jobId + " on " + cluster + "; running: " + jobs.stream()
                            .map(j -> j.getJobId() + " (" + j.getJobState() + ")").toList())));
        }
        if (jobs.size() > 1) {
            throw new IllegalArgumentException("several " + BridgeJob.JOB_NAME + " jobs run on " + cluster
                    + ": name the one to replace with --job-id; running: "
                    + jobs.stream().map(j -> j.getJobId() + " (" + j.getJobState() + ")").toList());
        }
        return jobs.stream().findFirst();
    }

    /**
     * The job graph {@code flink run} would submit for {@code bridge.jar --conf}: built here, so the rules are
     * compiled (and refused) here, and the cluster needs neither the configuration nor the SQL files.
     */
    static Build jobGraph(BridgeConfig config, Path jar) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        JobParts parts = BridgePipeline.build(env, config);
        StreamGraph graph = env.getStreamGraph();
        graph.setJobName(BridgeJob.JOB_NAME);
        JobGraph job = graph.getJobGraph(DeployCommand.class.getClassLoader(), null);
        job.addJar(new org.apache.flink.core.fs.Path(jar.toUri()));
        return new Build(job, parts);
    }

    /** A job graph with the parts it declares. */
    record Build(JobGraph graph, JobParts parts) {}

    private Path jarFile() throws Exception {
        Path file = jar;
        if (file == null) {
            Path cli = Path.of(DeployCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            file = cli.resolveSibling("bridge.jar");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--jar: " + file + " is not a file (build it with mvn package, or "
                    + "name bridge.jar with --jar)");
        }
        return file;
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }
}
