package io.github.mqttkafkabridge.bridge.cli;

import io.github.mqttkafkabridge.bridge.JobParts;

import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.SecurityOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobConfigHeaders;
import org.apache.flink.runtime.rest.messages.JobConfigInfo;
import org.apache.flink.runtime.rest.messages.JobExceptionsHeaders;
import org.apache.flink.runtime.rest.messages.JobExceptionsInfoWithHistory;
import org.apache.flink.runtime.rest.messages.JobMessageParameters;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.runtime.rest.messages.job.JobExceptionsMessageParameters;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Flink session cluster reached through its REST API with Flink's own {@link RestClusterClient}, as
 * {@code flink run}, {@code flink stop} and {@code flink cancel} use it, so that {@code https} works with the same
 * options of the Flink configuration ({@code security.ssl.rest.*}) as Flink's command line.
 */
final class FlinkCluster implements AutoCloseable {
    private final RestClusterClient<StandaloneClusterId> client;

    /**
     * @param flinkConfig the client's Flink configuration (trust store, client certificate...); the URL decides
     *     the address, port and whether the connection is TLS
     */
    FlinkCluster(URI url, Configuration flinkConfig) throws Exception {
        boolean tls = "https".equals(url.getScheme());
        if (url.getHost() == null || !tls && !"http".equals(url.getScheme())) {
            throw new IllegalArgumentException("--cluster: \"" + url + "\" is not a URL like http://host:8081 or "
                    + "https://host:8081");
        }
        Configuration config = new Configuration(flinkConfig);
        config.set(RestOptions.ADDRESS, url.getHost());
        config.set(RestOptions.PORT, url.getPort() > 0 ? url.getPort() : tls ? 443 : 80);
        config.set(SecurityOptions.SSL_REST_ENABLED, tls);
        if (tls && !config.contains(SecurityOptions.SSL_REST_TRUSTSTORE) && !config.contains(SecurityOptions.SSL_TRUSTSTORE)) {
            throw new IllegalArgumentException("--cluster " + url + ": https needs a trust store for the REST "
                    + "endpoint's certificate: set " + SecurityOptions.SSL_REST_TRUSTSTORE.key() + " and "
                    + SecurityOptions.SSL_REST_TRUSTSTORE_PASSWORD.key() + " in the Flink configuration (config.yaml "
                    + "in --flink-conf or $FLINK_CONF_DIR), as for Flink's own command line");
        }
        try {
            this.client = new RestClusterClient<>(config, StandaloneClusterId.getInstance());
        } catch (Exception e) {
            if (!tls) {
                throw e;
            }
            throw new IllegalArgumentException("--cluster " + url + ": cannot set up TLS from the Flink configuration's "
                    + "security.ssl.rest.* options: " + e.getMessage() + " (" + rootCause(e) + ")", e);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.toString();
    }

    /** Jobs with this name that are not finished (running, restarting, ...). */
    List<JobStatusMessage> activeJobs(String name, Duration timeout) throws Exception {
        return client.listJobs().get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
                .filter(j -> j.getJobName().equals(name) && !j.getJobState().isGloballyTerminalState()).toList();
    }

    /** The bridge parts the job declared in its global job parameters (empty for a job that declares none). */
    JobParts parts(JobID job) throws Exception {
        JobMessageParameters parameters = JobConfigHeaders.getInstance().getUnresolvedMessageParameters();
        parameters.jobPathParameter.resolve(job);
        JobConfigInfo config = client.sendRequest(JobConfigHeaders.getInstance(), parameters,
                EmptyRequestBody.getInstance()).get(30, TimeUnit.SECONDS);
        Map<String, String> global = config.getExecutionConfigInfo() == null ? null
                : config.getExecutionConfigInfo().getGlobalJobParameters();
        return JobParts.fromJobParameters(global == null ? Map.of() : global);
    }

    /** Stops the job with a savepoint ({@code flink stop}): its sinks commit, it ends FINISHED; the savepoint path. */
    String stopWithSavepoint(JobID job, String savepointDir, Duration timeout) throws Exception {
        return client.stopWithSavepoint(job, false, savepointDir, SavepointFormatType.CANONICAL)
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Uploads the job graph with its jars (as {@code flink run} does) and returns its id. */
    JobID submit(JobGraph graph, Duration timeout) throws Exception {
        return client.submitJob(graph).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean hasEnded(JobID job) throws Exception {
        return client.getJobStatus(job).get(30, TimeUnit.SECONDS).isGloballyTerminalState();
    }

    void cancel(JobID job, Duration timeout) throws Exception {
        client.cancel(job).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Waits until the job and all its tasks are RUNNING. Returns null then, or why the job did not come up: it
     * failed, restarted (a task failed), ended, or was not running within {@code timeout}.
     */
    String awaitRunning(JobID job, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JobStatus status = null;
        String waiting = "";
        while (System.nanoTime() < deadline) {
            JobDetailsInfo details = client.getJobDetails(job).get(30, TimeUnit.SECONDS);
            status = details.getJobStatus();
            waiting = details.getJobVertexInfos().stream().filter(v -> v.getExecutionState() != ExecutionState.RUNNING)
                    .map(v -> (v.getName().length() > 60 ? v.getName().substring(0, 60) + "..." : v.getName()) + " "
                            + v.getExecutionState()).collect(Collectors.joining("; "));
            if (status == JobStatus.RUNNING && !details.getJobVertexInfos().isEmpty() && details.getJobVertexInfos()
                    .stream().allMatch(v -> v.getExecutionState() == ExecutionState.RUNNING)) {
                return null;
            }
            if (status == JobStatus.RESTARTING || status == JobStatus.FAILING || status.isTerminalState()) {
                return "the job is " + status + ": " + rootException(job);
            }
            Thread.sleep(500);
        }
        return "the job was not running within " + timeout + " (it is " + status
                + (waiting.isEmpty() ? "" : "; not running: " + waiting) + ")";
    }

    /** The job's latest exception, as the web UI's Exceptions tab shows it, in one line. */
    private String rootException(JobID job) {
        try {
            JobExceptionsMessageParameters parameters = JobExceptionsHeaders.getInstance()
                    .getUnresolvedMessageParameters();
            parameters.jobPathParameter.resolve(job);
            List<JobExceptionsInfoWithHistory.RootExceptionInfo> entries = client.sendRequest(
                    JobExceptionsHeaders.getInstance(), parameters, EmptyRequestBody.getInstance())
                    .get(30, TimeUnit.SECONDS).getExceptionHistory().getEntries();
            if (entries.isEmpty()) {
                return "(no exception recorded)";
            }
            String text = entries.get(0).getExceptionName() + ": " + entries.get(0).getStacktrace();
            String cause = text.lines().filter(l -> l.startsWith("Caused by:")).reduce((a, b) -> b)
                    .orElse(text.lines().findFirst().orElse(text));
            return cause.length() > 500 ? cause.substring(0, 500) + "..." : cause;
        } catch (Exception e) {
            return "(its exceptions could not be read: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
