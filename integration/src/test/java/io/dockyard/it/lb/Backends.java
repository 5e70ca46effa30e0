package io.dockyard.it.lb;

import io.dockyard.it.support.Docker;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;

/**
 * Real busybox httpd containers, started with the docker CLI and published on 127.0.0.1: each serves
 * {@code /} with its own name and {@code /cgi-bin/slow?N}, which sleeps N seconds and echoes the
 * X-Forwarded-* headers it got. Removes every container it started.
 */
final class Backends implements AutoCloseable {
    /** One backend: its container, name and published port. */
    record Backend(String container, String name, int port) {}

    private static final String SCRIPT = "mkdir -p /www/cgi-bin && echo %s > /www/index.html && "
            + "printf '#!/bin/sh\\necho Content-Type: text/plain\\necho\\nsleep ${QUERY_STRING:-0}\\n"
            + "echo %s xff=$HTTP_X_FORWARDED_FOR proto=$HTTP_X_FORWARDED_PROTO port=$HTTP_X_FORWARDED_PORT host=$HTTP_HOST\\n' > /www/cgi-bin/slow && "
            + "chmod +x /www/cgi-bin/slow && exec httpd -f -p 80 -h /www";

    private final List<Backend> started = new ArrayList<>();
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    /** Starts a backend answering {@code name} and waits until it serves. */
    Backend start(String name) {
        String id = Docker.docker("run", "-d", "--label", "dockyard-it=lb", "--name", "lb-it-" + run + "-" + name,
                "-p", "127.0.0.1:0:80", Docker.BUSYBOX, "sh", "-c", SCRIPT.formatted(name, name));
        if (id == null) throw new IllegalStateException("docker run failed for " + name);
        String port = Docker.docker("port", id, "80/tcp");
        Backend b = new Backend(id, name, Integer.parseInt(port.lines().findFirst().orElseThrow().replaceAll(".*:", "")));
        started.add(b);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> name.equals(get(b.port(), "/")));
        return b;
    }

    void kill(Backend b) { Docker.docker("rm", "-f", b.container()); }

    static String get(int port, String path) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body().trim() : null;
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void close() {
        for (Backend b : started) Docker.docker("rm", "-f", b.container());
    }
}
