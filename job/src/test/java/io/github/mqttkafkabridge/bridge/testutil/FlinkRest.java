package io.github.mqttkafkabridge.bridge.testutil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.net.ssl.SSLContext;

/**
 * Flink's REST API as the web UI calls it: the jar upload and run of "Submit New Job", job details and
 * metrics. HTTP (or HTTPS) and JSON, so a test sees exactly what a user's browser or script sees.
 */
public final class FlinkRest {
    private final String base;
    private final HttpClient http;

    public FlinkRest(String base) {
        this(base, null);
    }

    /** @param tls the TLS context for an {@code https} base, or null */
    public FlinkRest(String base, SSLContext tls) {
        this.base = base;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        this.http = (tls == null ? builder : builder.sslContext(tls)).build();
    }

    public JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    public JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** {@code POST /jars/upload} (multipart, field {@code jarfile}); returns the jar id the run call takes. */
    public String uploadJar(Path jar) throws IOException, InterruptedException {
        String boundary = "----bridge" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Files.readAllBytes(jar));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode answer = send(HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        String file = answer.path("filename").asText();
        if (!"success".equals(answer.path("status").asText()) || file.isEmpty()) {
            throw new IOException("jar upload refused: " + answer);
        }
        return Path.of(file).getFileName().toString();
    }

    /**
     * {@code POST /jars/<id>/run}: the JobManager runs the jar's main class with {@code args} and submits the job
     * it builds; returns the job id. {@code savepoint} may be null.
     */
    public String runJar(String jarId, List<String> args, String savepoint) throws IOException, InterruptedException {
        ObjectNode body = FlinkSessionCluster.JSON.createObjectNode();
        body.putArray("programArgsList").addAll(args.stream()
                .map(a -> FlinkSessionCluster.JSON.getNodeFactory().textNode(a)).toList());
        if (savepoint != null) {
            body.put("savepointPath", savepoint);
        }
        JsonNode answer = post("/jars/" + jarId + "/run", body);
        if (!answer.hasNonNull("jobid")) {
            throw new IOException("jar run refused: " + answer);
        }
        return answer.get("jobid").asText();
    }

    /** The job's vertices: name and id, in the order of the job graph. */
    public List<JsonNode> vertices(String jobId) throws IOException, InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        get("/jobs/" + jobId).path("vertices").forEach(out::add);
        return out;
    }

    /** The newest job named {@code name} ({@code jid}, {@code state}...), empty while there is none. */
    public Optional<JsonNode> job(String name) throws IOException, InterruptedException {
        JsonNode newest = null;
        for (JsonNode job : get("/jobs/overview").path("jobs")) {
            if (job.path("name").asText().equals(name)
                    && (newest == null || job.path("start-time").asLong() > newest.path("start-time").asLong())) {
                newest = job;
            }
        }
        return Optional.ofNullable(newest);
    }

    /** The checkpoint the job last restored from ({@code id}, {@code external_path}...), empty if none. */
    public Optional<JsonNode> restoredCheckpoint(String jobId) throws IOException, InterruptedException {
        JsonNode restored = get("/jobs/" + jobId + "/checkpoints").path("latest").path("restored");
        return restored.isObject() ? Optional.of(restored) : Optional.empty();
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = response.body().isEmpty()
                ? FlinkSessionCluster.JSON.createObjectNode()
                : FlinkSessionCluster.JSON.readTree(response.body());
        if (response.statusCode() >= 400) {
            throw new IOException(request.build().uri() + ": HTTP " + response.statusCode() + ": " + body);
        }
        return body;
    }
}
