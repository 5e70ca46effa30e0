package io.dockyard.agent;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import com.github.dockerjava.transport.DockerHttpClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** The Docker Engine as the agent uses it: one docker-java client plus the few calls every part needs. */
final class Engine implements AutoCloseable {
    private final DockerClient docker;
    private final ZerodepDockerHttpClient http;
    /** A client of its own for long-lived log streams, so that following many containers never starves the other calls. */
    private final ZerodepDockerHttpClient streams;

    Engine(String dockerHost) {
        DefaultDockerClientConfig cfg = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build();
        this.http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(URI.create(dockerHost))
                .sslConfig(cfg.getSSLConfig())
                .maxConnections(256)
                .connectionTimeout(Duration.ofSeconds(10))
                .build();
        this.docker = DockerClientImpl.getInstance(new SharedBuffers(cfg), http);
        this.streams = new ZerodepDockerHttpClient.Builder()
                .dockerHost(URI.create(dockerHost))
                .sslConfig(cfg.getSSLConfig())
                .maxConnections(65_536)
                .connectionTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** docker-java's configuration with its JSON mapper on {@link io.dockyard.protocol.Json#BUFFERS} (not one set per thread). */
    private static final class SharedBuffers extends com.github.dockerjava.core.DockerClientConfigDelegate {
        private final com.fasterxml.jackson.databind.ObjectMapper mapper;

        SharedBuffers(com.github.dockerjava.core.DockerClientConfig cfg) {
            super(cfg);
            com.fasterxml.jackson.databind.ObjectMapper base = cfg.getObjectMapper();
            this.mapper = base.copyWith(base.getFactory().rebuild().recyclerPool(io.dockyard.protocol.Json.BUFFERS).build());
        }

        @Override
        public com.fasterxml.jackson.databind.ObjectMapper getObjectMapper() { return mapper; }
    }

    /**
     * Follows a container's log ({@code stdout} and {@code stderr}, with timestamps) from {@code sinceNanos}
     * (epoch nanoseconds, inclusive; 0: from the start); null when the container does not exist. The caller
     * closes the response; its body ends when the container stops.
     */
    DockerHttpClient.Response followLogs(String id, long sinceNanos) {
        String since = sinceNanos <= 0 ? "0" : (sinceNanos / 1_000_000_000L) + "." + String.format("%09d", sinceNanos % 1_000_000_000L);
        DockerHttpClient.Request req = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path("/containers/" + id + "/logs?follow=1&stdout=1&stderr=1&timestamps=1&since=" + since)
                .build();
        DockerHttpClient.Response r = streams.execute(req);
        if (r.getStatusCode() == 404) {
            r.close();
            return null;
        }
        if (r.getStatusCode() / 100 != 2) {
            int status = r.getStatusCode();
            r.close();
            throw new IllegalStateException("docker logs " + id + ": HTTP " + status);
        }
        return r;
    }

    DockerClient client() { return docker; }

    /** {@code docker import}: makes image {@code repository:tag} from a root filesystem tar (sent with its length). */
    void importImage(String repository, String tag, byte[] tar) {
        DockerHttpClient.Request req = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.POST)
                .path("/images/create?fromSrc=-&repo=" + URLEncoder.encode(repository, StandardCharsets.UTF_8) + "&tag=" + tag)
                .putHeader("Content-Type", "application/x-tar")
                .bodyBytes(tar)
                .build();
        try (DockerHttpClient.Response r = http.execute(req)) {
            String body = new String(r.getBody().readAllBytes(), StandardCharsets.UTF_8);
            if (r.getStatusCode() / 100 != 2 || body.contains("\"error")) throw new IllegalStateException("docker import failed: " + body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One sample of Docker's stats JSON of a container (with the previous CPU sample), or null when it does not exist. */
    String statsJson(String id) { return statsJson(id, false); }

    /** {@code oneShot}: without waiting for a second sample (no precpu_stats), for callers that keep their own previous sample. */
    String statsJson(String id, boolean oneShot) {
        DockerHttpClient.Request req = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET)
                .path("/containers/" + id + "/stats?stream=false" + (oneShot ? "&one-shot=true" : ""))
                .build();
        try (DockerHttpClient.Response r = http.execute(req)) {
            if (r.getStatusCode() / 100 != 2) return null;
            return new String(r.getBody().readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Inspects a container; null when it does not exist. */
    InspectContainerResponse inspect(String id) {
        try {
            return docker.inspectContainerCmd(id).exec();
        } catch (NotFoundException e) {
            return null;
        }
    }

    /** Every container (running or not) carrying {@code label=value}. */
    List<Container> listByLabel(String label, String value) {
        return docker.listContainersCmd().withShowAll(true).withLabelFilter(java.util.Map.of(label, value)).exec();
    }

    /** Starts a container; starting a running one is not an error. */
    void start(String id) {
        try {
            docker.startContainerCmd(id).exec();
        } catch (NotModifiedException e) {
            // already running
        }
    }

    /** SIGTERM (or the image's stop signal), then SIGKILL after {@code timeoutSeconds}; a stopped or missing container is fine. */
    void stop(String id, int timeoutSeconds) {
        try {
            docker.stopContainerCmd(id).withTimeout(timeoutSeconds).exec();
        } catch (NotFoundException | NotModifiedException e) {
            // already stopped or gone
        }
    }

    /** Removes a container (killing it if it runs) and its anonymous volumes; a missing one is fine. */
    void remove(String id) {
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // gone already
        } catch (RuntimeException e) {
            if (!String.valueOf(e.getMessage()).contains("already in progress")) throw e;
        }
    }

    /** Removes a named volume; missing or in use is ignored. */
    void removeVolume(String name) {
        try {
            docker.removeVolumeCmd(name).exec();
        } catch (RuntimeException e) {
            // missing, or still used by a container of another task
        }
    }

    @Override
    public void close() {
        try {
            streams.close();
        } catch (Exception ignored) {
            // shutting down
        }
        try {
            docker.close();
        } catch (Exception ignored) {
            // shutting down
        }
    }
}
