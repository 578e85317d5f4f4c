package io.github.mqttkafkabridge.bridge.docker;

import io.github.mqttkafkabridge.bridge.value.Json;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** The few calls of Flink's REST API (the JobManager's web port) that the compose tests read the cluster with. */
final class FlinkRest {
    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    FlinkRest(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** The newest job named {@code name} ({@code jid}, {@code state}...), empty while there is none. */
    Optional<JsonNode> job(String name) throws IOException, InterruptedException {
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
    Optional<JsonNode> restoredCheckpoint(String jobId) throws IOException, InterruptedException {
        JsonNode restored = get("/jobs/" + jobId + "/checkpoints").path("latest").path("restored");
        return restored.isObject() ? Optional.of(restored) : Optional.empty();
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + baseUrl + path + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return Json.read(response.body());
    }
}
