package io.github.mqttkafkabridge.bridge.cli;

import io.github.mqttkafkabridge.bridge.JobParts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A Flink session cluster reached through its REST API, with what {@code deploy} asks of it: Flink's own
 * {@link RestClusterClient} (as {@code flink run}, {@code flink stop} and {@code flink cancel} use it) for jobs and
 * savepoints, plain GETs for the two resources it has no method for (a job's configuration and its exceptions).
 */
final class FlinkCluster implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final RestClusterClient<StandaloneClusterId> client;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    FlinkCluster(URI url) throws Exception {
        if (url.getHost() == null || !"http".equals(url.getScheme())) {
            throw new IllegalArgumentException("--cluster: \"" + url + "\" is not a URL like http://host:8081 "
                    + "(deploy speaks plain HTTP to Flink's REST endpoint)");
        }
        this.base = url.toString().replaceAll("/+$", "");
        Configuration config = new Configuration();
        config.set(RestOptions.ADDRESS, url.getHost());
        config.set(RestOptions.PORT, url.getPort() > 0 ? url.getPort() : 80);
        this.client = new RestClusterClient<>(config, StandaloneClusterId.getInstance());
    }

    /** Jobs with this name that are not finished (running, restarting, ...). */
    List<JobStatusMessage> activeJobs(String name, Duration timeout) throws Exception {
        return client.listJobs().get(timeout.toMillis(), TimeUnit.MILLISECONDS).stream()
                .filter(j -> j.getJobName().equals(name) && !j.getJobState().isGloballyTerminalState()).toList();
    }

    /** The bridge parts the job declared in its global job parameters (empty for a job that declares none). */
    JobParts parts(JobID job) throws IOException, InterruptedException {
        Map<String, String> parameters = new HashMap<>();
        get("/jobs/" + job + "/config").path("execution-config").path("user-config")
                .fields().forEachRemaining(e -> parameters.put(e.getKey(), e.getValue().asText()));
        return JobParts.fromJobParameters(parameters);
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

    /** The job's first exception, as the web UI's Exceptions tab shows it, in one line. */
    private String rootException(JobID job) {
        try {
            JsonNode exceptions = get("/jobs/" + job + "/exceptions");
            JsonNode first = exceptions.path("exceptionHistory").path("entries").path(0);
            String text = first.isMissingNode() ? exceptions.path("root-exception").asText("")
                    : first.path("exceptionName").asText() + ": " + first.path("stacktrace").asText();
            String cause = text.lines().filter(l -> l.startsWith("Caused by:")).reduce((a, b) -> b).orElse(text.lines()
                    .findFirst().orElse("(no exception recorded)"));
            return cause.length() > 500 ? cause.substring(0, 500) + "..." : cause;
        } catch (IOException | InterruptedException e) {
            return "(its exceptions could not be read: " + e.getMessage() + ")";
        }
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    @Override
    public void close() {
        client.close();
    }
}
