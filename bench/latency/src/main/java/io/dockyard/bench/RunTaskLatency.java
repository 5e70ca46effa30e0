package io.dockyard.bench;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * RunTask → RUNNING as a client polling DescribeTasks sees it, for one cached busybox container in
 * bridge mode, against a bare {@code docker run -d} of the same container; both measured alternately
 * in the same run; both get the same limits (256 CPU shares, 32 MiB). Starts its own {@code dockyard up} (child JVM, free port, temporary data dir).
 * Args: [samples=20] [warmup=5].
 */
public final class RunTaskLatency {
    static final String IMAGE = "dockyard-test/busybox:latest";
    static final long POLL_MS = 5;

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        run("bash", "scripts/make-test-image.sh", IMAGE);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path data = Files.createTempDirectory("dockyard-bench-");
        Path log = Files.createTempFile("dockyard-bench-", ".log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx384m", "-Xmn32m", "--enable-native-access=ALL-UNNAMED",
                "-jar", Path.of("server/target/dockyard.jar").toAbsolutePath().toString(), "up", "--port", Integer.toString(port),
                "--data-dir", data.toString()).redirectErrorStream(true).redirectOutput(log.toFile());
        String level = System.getenv("DOCKYARD_LOG_LEVEL");
        if (level != null) pb.environment().put("DOCKYARD_LOG_LEVEL", level);
        Process dockyard = pb.start();
        System.out.println("dockyard log: " + log);
        String endpoint = "http://127.0.0.1:" + port;
        try (EcsClient ecs = EcsClient.builder().endpointOverride(URI.create(endpoint)).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("bench", "bench")))
                .httpClient(UrlConnectionHttpClient.create()).build()) {
            awaitHealthy(endpoint, dockyard);
            ecs.createCluster(b -> b.clusterName("bench"));
            while (ecs.listContainerInstances(b -> b.cluster("bench")).containerInstanceArns().isEmpty()) Thread.sleep(10);
            ecs.registerTaskDefinition(b -> b.family("bench").containerDefinitions(c -> c.name("app").image(IMAGE).memory(32).cpu(256)
                    .essential(true).command("sleep", "3600").stopTimeout(1)));
            List<Double> task = new ArrayList<>(), docker = new ArrayList<>();
            for (int i = 0; i < warmup + samples; i++) {
                double t = runTask(ecs);
                double d = dockerRun();
                if (i >= warmup) {
                    task.add(t);
                    docker.add(d);
                }
                System.out.printf("%s %2d  RunTask->RUNNING %7.1f ms   docker run -d %7.1f ms%n", i < warmup ? "warmup" : "sample", i, t, d);
            }
            double mt = median(task), md = median(docker);
            System.out.printf("%nmedian of %d: RunTask->RUNNING %.1f ms, docker run -d %.1f ms, difference %+.1f ms%n", samples, mt, md, mt - md);
        } finally {
            try {
                HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(endpoint + "/_dockyard/reset")).header("X-Dockyard-Dev", "1").POST(HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                System.err.println("reset failed: " + e);
            }
            dockyard.destroy();
            dockyard.waitFor();
        }
    }

    /** ms from RunTask until a DescribeTasks poll first shows RUNNING; the task is stopped afterwards. */
    static double runTask(EcsClient ecs) throws InterruptedException {
        long t0 = System.nanoTime();
        String arn = ecs.runTask(b -> b.cluster("bench").taskDefinition("bench")).tasks().get(0).taskArn();
        long ran = System.nanoTime();
        while (!"RUNNING".equals(status(ecs, arn))) {
            if (System.nanoTime() - t0 > 60_000_000_000L) throw new IllegalStateException("task did not run: " + status(ecs, arn));
            Thread.sleep(POLL_MS); // a client that polls, not one that spins a core away from dockerd
        }
        double ms = (System.nanoTime() - t0) / 1e6;
        java.time.Instant seen = java.time.Instant.now();
        var t = ecs.describeTasks(b -> b.cluster("bench").tasks(arn)).tasks().get(0);
        System.out.printf("  RunTask call %.1f ms, created->containers started %d ms, started->seen RUNNING %d ms%n", (ran - t0) / 1e6,
                java.time.Duration.between(t.createdAt(), t.startedAt()).toMillis(), java.time.Duration.between(t.startedAt(), seen).toMillis());
        ecs.stopTask(b -> b.cluster("bench").task(arn));
        while (!"STOPPED".equals(status(ecs, arn))) Thread.sleep(20);
        return ms;
    }

    static String status(EcsClient ecs, String arn) {
        return ecs.describeTasks(b -> b.cluster("bench").tasks(arn)).tasks().get(0).lastStatus();
    }

    /** ms of a bare {@code docker run -d} of the same container; removed afterwards. */
    static double dockerRun() throws Exception {
        long t0 = System.nanoTime();
        String id = run("docker", "run", "-d", "--label", "io.dockyard.bench=latency", "--memory", "32m", "--cpu-shares", "256", IMAGE, "sleep", "3600");
        double ms = (System.nanoTime() - t0) / 1e6;
        run("docker", "rm", "-f", id);
        return ms;
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (p.waitFor() != 0) throw new IllegalStateException(String.join(" ", cmd) + ": " + out);
        return out;
    }

    static void awaitHealthy(String endpoint, Process p) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (int i = 0; i < 600; i++) {
            if (!p.isAlive()) throw new IllegalStateException("dockyard exited");
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(endpoint + "/_dockyard/health")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("dockyard did not become healthy");
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
