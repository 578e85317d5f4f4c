package io.github.mqttkafkabridge.bridge.docker;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the compose tests take from {@code docker-compose.yml} instead of repeating it, so that they cannot drift
 * from what users run: the services' images and the host ports they publish.
 */
final class ComposeFile {
    private final Path path;
    private final Map<String, Map<String, Object>> services;

    private ComposeFile(Path path, Map<String, Map<String, Object>> services) {
        this.path = path;
        this.services = services;
    }

    @SuppressWarnings("unchecked")
    static ComposeFile read(Path path) {
        try (Reader r = Files.newBufferedReader(path)) {
            Map<String, Object> compose = new Yaml().load(r);
            return new ComposeFile(path, (Map<String, Map<String, Object>>) compose.get("services"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path.toAbsolutePath().normalize(), e);
        }
    }

    Path path() {
        return path;
    }

    /** Every service's image, in file order and without repeats: what {@code docker compose up} pulls. */
    List<String> images() {
        List<String> images = new ArrayList<>();
        for (Map<String, Object> service : services.values()) {
            Object image = service.get("image");
            if (image != null && !images.contains(image.toString())) {
                images.add(image.toString());
            }
        }
        return images;
    }

    /** The host port that {@code service} publishes for {@code containerPort} ({@code "HOST:CONTAINER"}). */
    int publishedPort(String service, int containerPort) {
        for (String mapping : ports(service)) {
            String[] parts = mapping.split(":");
            if (parts.length >= 2 && parts[parts.length - 1].equals(String.valueOf(containerPort))) {
                return Integer.parseInt(parts[parts.length - 2]);
            }
        }
        throw new IllegalStateException(path + ": service " + service + " publishes no host port for "
                + containerPort + " (ports: " + ports(service) + ")");
    }

    /** Every host port the file publishes, as {@code service:port}: what must be free on the Docker host. */
    List<String> publishedPorts() {
        List<String> published = new ArrayList<>();
        services.forEach((name, service) -> {
            for (String mapping : ports(name)) {
                String[] parts = mapping.split(":");
                if (parts.length >= 2) {
                    published.add(name + ":" + parts[parts.length - 2]);
                }
            }
        });
        return published;
    }

    private List<String> ports(String service) {
        Map<String, Object> definition = services.get(service);
        if (definition == null) {
            throw new IllegalStateException(path + " has no service " + service + "; it has " + services.keySet());
        }
        List<String> ports = new ArrayList<>();
        for (Object port : (List<?>) definition.getOrDefault("ports", List.of())) {
            ports.add(port.toString());
        }
        return ports;
    }
}
