import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated fleet against running control-plane replicas (run by bench/fleet/run.sh): N container instances
 * register through the agent HTTP protocol and then poll as agents do (every poll is a heartbeat; an idle agent
 * polls every --heartbeat-seconds, the agent's long-poll wait), spread over the replicas; the heartbeat latency is
 * measured alone, then while T tasks are placed through the ECS API (RunTask, count 10, --clients in parallel,
 * round-robin over clusters and replicas) or, with --service-size S, through CreateService (T/S services of S
 * tasks, created round-robin over clusters and replicas; the leader's service scheduler places them). Reports
 * placements/s end to end and latency percentiles, then checks that the clusters count exactly T tasks and that
 * every instance is still connected.
 *
 * Usage: java -cp dockyard.jar:lib/* FleetBench.java --endpoints http://a,http://b --instances 10000 --clusters 10
 *        --tasks 100000 --clients 16 --heartbeat-seconds 20 --hold-seconds 50 [--service-size 1000] [--beats-out FILE]
 */
public class FleetBench {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String AUTH = "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=0";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).executor(Executors.newVirtualThreadPerTaskExecutor()).build();

    static String arg(List<String> args, String name, String dflt) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : dflt;
    }

    static JsonNode ecs(String endpoint, String op, Object body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(endpoint + "/")).timeout(Duration.ofSeconds(60))
                .header("X-Amz-Target", "AmazonEC2ContainerServiceV20141113." + op).header("Authorization", AUTH)
                .header("Content-Type", "application/x-amz-json-1.1")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))).build();
        HttpResponse<String> res = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) throw new IllegalStateException(op + " answered " + res.statusCode() + ": " + res.body());
        return JSON.readTree(res.body());
    }

    static JsonNode agent(String endpoint, String path, Object body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoint + "/_dockyard/agent/v1/" + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", AUTH);
        b = body == null ? b.GET() : b.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        HttpResponse<String> res = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) throw new IllegalStateException(path + " answered " + res.statusCode() + ": " + res.body());
        return JSON.readTree(res.body());
    }

    static String pct(List<Long> nanos) {
        if (nanos.isEmpty()) return "n=0";
        long[] a = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format("n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms", a.length, a[a.length / 2] / 1e6,
                a[Math.min(a.length - 1, (int) (a.length * 0.99))] / 1e6, a[a.length - 1] / 1e6);
    }

    public static void main(String[] argv) throws Exception {
        List<String> args = Arrays.asList(argv);
        String[] endpoints = arg(args, "--endpoints", "http://127.0.0.1:4566").split(",");
        int instances = Integer.parseInt(arg(args, "--instances", "1000"));
        int clusters = Integer.parseInt(arg(args, "--clusters", "10"));
        int tasks = Integer.parseInt(arg(args, "--tasks", "10000"));
        int clients = Integer.parseInt(arg(args, "--clients", "16"));
        int heartbeatSeconds = Integer.parseInt(arg(args, "--heartbeat-seconds", "20"));
        int holdSeconds = Integer.parseInt(arg(args, "--hold-seconds", "40"));
        int serviceSize = Integer.parseInt(arg(args, "--service-size", "0")); // > 0: place through CreateService, services of this many tasks
        System.out.printf("fleet bench: %d replicas, %d instances in %d clusters, %d tasks, %d clients, heartbeat every %d s%n",
                endpoints.length, instances, clusters, tasks, clients, heartbeatSeconds);

        for (int c = 0; c < clusters; c++) ecs(endpoints[c % endpoints.length], "CreateCluster", Map.of("clusterName", "bench-" + c));
        ecs(endpoints[0], "RegisterTaskDefinition", Map.of("family", "bench", "containerDefinitions",
                List.of(Map.of("name", "c", "image", "busybox", "cpu", 1, "memory", 8, "essential", true))));

        // Registration: 64 at a time, round-robin over replicas and clusters.
        String[] arns = new String[instances];
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(64, Thread.ofVirtual().factory())) {
            for (int i = 0; i < instances; i++) {
                int n = i;
                pool.submit(() -> {
                    Map<String, Object> reg = Map.of("cluster", "bench-" + (n % clusters), "instanceName", "sim-" + n, "cpu", 4096, "memory", 16384,
                            "reservedPorts", List.of(), "attributes", List.of(), "versionInfo", Map.of(), "fargate", false);
                    arns[n] = agent(endpoints[n % endpoints.length], "register", reg).path("containerInstanceArn").asText();
                    return null;
                });
            }
        }
        double regSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("registered %d instances in %.1f s (%.0f/s)%n", instances, regSeconds, instances / regSeconds);

        // Heartbeats: each simulated agent polls (no wait) every heartbeatSeconds, starting at a random offset.
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<long[]> beats = new ConcurrentLinkedQueue<>(); // {at, nanos, replica}
        AtomicInteger beatErrors = new AtomicInteger();
        List<Thread> agents = new ArrayList<>();
        for (int i = 0; i < instances; i++) {
            String endpoint = endpoints[i % endpoints.length];
            int replica = i % endpoints.length;
            String path = "poll?containerInstance=" + URLEncoder.encode(arns[i], StandardCharsets.UTF_8) + "&since=-1&waitSeconds=0";
            agents.add(Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(ThreadLocalRandom.current().nextLong(heartbeatSeconds * 1000L));
                    while (!stop.get()) {
                        long s = System.nanoTime();
                        try {
                            // The round trip, the whole body read but not kept: a real agent parses it on its own host, whereas
                            // here 10,000 simulated agents share one JVM, whose collections (of their parsed answers) would be
                            // counted in every heartbeat's time.
                            HttpResponse<Void> res = HTTP.send(HttpRequest.newBuilder(URI.create(endpoint + "/_dockyard/agent/v1/" + path))
                                    .timeout(Duration.ofSeconds(60)).header("Authorization", AUTH).GET().build(), HttpResponse.BodyHandlers.discarding());
                            if (res.statusCode() != 200) throw new IllegalStateException("poll answered " + res.statusCode());
                            beats.add(new long[]{s, System.nanoTime() - s, replica});
                        } catch (Exception e) {
                            beatErrors.incrementAndGet();
                        }
                        long next = s + heartbeatSeconds * 1_000_000_000L - System.nanoTime();
                        if (next > 0) Thread.sleep(next / 1_000_000);
                    }
                } catch (InterruptedException ignored) {
                    // stopping
                }
            }));
        }
        long holdStart = System.nanoTime();
        Thread.sleep(holdSeconds * 1000L);
        long holdEnd = System.nanoTime();
        // Each agent's first poll after registration comes in the first heartbeat interval, with both sides' JIT still
        // compiling the poll path; the fleet idle is what follows, every agent polling at its interval.
        long cycle = heartbeatSeconds * 1_000_000_000L;
        List<Long> first = beats.stream().filter(b -> b[0] < holdStart + cycle).map(b -> b[1]).toList();
        List<Long> idle = beats.stream().filter(b -> b[0] >= holdStart + cycle && b[0] < holdEnd).map(b -> b[1]).toList();
        System.out.printf("heartbeats, first interval after registration (%d s): %s%n", heartbeatSeconds, pct(first));
        System.out.printf("heartbeats, fleet idle (%d s after the first interval): %s, errors %d%n", holdSeconds - heartbeatSeconds, pct(idle), beatErrors.get());

        long placed = serviceSize > 0 ? servicePlacements(endpoints, clusters, tasks, serviceSize, clients, beats, beatErrors)
                : runTaskPlacements(endpoints, clusters, tasks, clients, beats, beatErrors);
        stop.set(true);
        agents.forEach(Thread::interrupt);
        String beatsOut = arg(args, "--beats-out", null); // every heartbeat: seconds since the hold began, milliseconds, replica (1..n)
        if (beatsOut != null) {
            StringBuilder out = new StringBuilder();
            for (long[] b : beats) out.append(String.format("%.3f %.2f %d%n", (b[0] - holdStart) / 1e9, b[1] / 1e6, b[2] + 1));
            java.nio.file.Files.writeString(java.nio.file.Path.of(beatsOut), out);
        }
        check(endpoints, instances, clusters, arns, placed);
    }

    /** The clusters' pending plus running tasks. */
    static long counted(String[] endpoints, int clusters) throws Exception {
        long counted = 0;
        List<String> names = new ArrayList<>();
        for (int c = 0; c < clusters; c++) names.add("bench-" + c);
        for (JsonNode c : ecs(endpoints[0], "DescribeClusters", Map.of("clusters", names)).path("clusters")) {
            counted += c.path("pendingTasksCount").asLong() + c.path("runningTasksCount").asLong();
        }
        return counted;
    }

    /**
     * Placements through CreateService: services of {@code size} tasks each, round-robin over the clusters, created by
     * {@code clients} loops over the replicas; the service scheduler (on the leader) places them. Ends when the clusters
     * count every task. Returns the tasks placed.
     */
    static long servicePlacements(String[] endpoints, int clusters, int tasks, int size, int clients, ConcurrentLinkedQueue<long[]> beats,
                                  AtomicInteger beatErrors) throws Exception {
        int services = (tasks + size - 1) / size;
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        ConcurrentLinkedQueue<Long> createLatency = new ConcurrentLinkedQueue<>();
        long p0 = System.nanoTime();
        List<Thread> creators = new ArrayList<>();
        for (int k = 0; k < clients; k++) {
            creators.add(Thread.ofVirtual().start(() -> {
                for (int i = next.getAndIncrement(); i < services; i = next.getAndIncrement()) {
                    int count = Math.min(size, tasks - i * size);
                    long s = System.nanoTime();
                    try {
                        ecs(endpoints[i % endpoints.length], "CreateService", Map.of("cluster", "bench-" + (i % clusters), "serviceName", "svc-" + i,
                                "taskDefinition", "bench", "desiredCount", count));
                        long took = System.nanoTime() - s;
                        createLatency.add(took);
                        if (took > 2_000_000_000L) System.out.printf("  slow CreateService svc-%d on %s: %d ms%n", i, endpoints[i % endpoints.length], took / 1_000_000);
                    } catch (Exception e) {
                        if (errors.incrementAndGet() <= 5) System.out.println("CreateService error: " + e.getMessage());
                    }
                }
            }));
        }
        for (Thread t : creators) t.join();
        long created = System.nanoTime();
        long counted = 0, deadline = p0 + 600_000_000_000L, lastPrint = p0;
        while (System.nanoTime() < deadline) {
            counted = counted(endpoints, clusters);
            if (counted >= tasks) break;
            if (System.nanoTime() - lastPrint > 5_000_000_000L) {
                lastPrint = System.nanoTime();
                System.out.printf("  ... %d placed, %.0f/s%n", counted, counted / ((lastPrint - p0) / 1e9));
            }
            Thread.sleep(100);
        }
        long p1 = System.nanoTime();
        double seconds = (p1 - p0) / 1e9;
        List<Long> during = beats.stream().filter(b -> b[0] >= p0 && b[0] <= p1).map(b -> b[1]).toList();
        System.out.printf("placed %d tasks of %d services in %.1f s: %.0f placements/s end to end (services created in %.1f s, %d errors)%n",
                counted, services, seconds, counted / seconds, (created - p0) / 1e9, errors.get());
        System.out.printf("CreateService latency: %s%n", pct(new ArrayList<>(createLatency)));
        System.out.printf("heartbeats during placement: %s, errors %d%n", pct(during), beatErrors.get());
        return counted;
    }

    /** Placements through RunTask, count 10, from {@code clients} loops until {@code tasks} are placed; returns the tasks placed. */
    static long runTaskPlacements(String[] endpoints, int clusters, int tasks, int clients, ConcurrentLinkedQueue<long[]> beats,
                                  AtomicInteger beatErrors) throws Exception {
        AtomicLong placed = new AtomicLong(), failures = new AtomicLong(), calls = new AtomicLong();
        AtomicInteger errors = new AtomicInteger();
        ConcurrentLinkedQueue<Long> runLatency = new ConcurrentLinkedQueue<>();
        AtomicLong budget = new AtomicLong(tasks);
        CountDownLatch done = new CountDownLatch(clients);
        long p0 = System.nanoTime();
        for (int k = 0; k < clients; k++) {
            int client = k;
            Thread.ofVirtual().start(() -> {
                try {
                    int round = 0;
                    while (true) {
                        long left = budget.getAndAdd(-10);
                        if (left <= 0) break;
                        int count = (int) Math.min(10, left);
                        int c = (client + round * clients) % clusters;
                        String endpoint = endpoints[(client + round) % endpoints.length];
                        round++;
                        long s = System.nanoTime();
                        try {
                            JsonNode r = ecs(endpoint, "RunTask", Map.of("cluster", "bench-" + c, "taskDefinition", "bench", "count", count));
                            runLatency.add(System.nanoTime() - s);
                            calls.incrementAndGet();
                            placed.addAndGet(r.path("tasks").size());
                            failures.addAndGet(r.path("failures").size());
                            if (r.path("tasks").size() < count) budget.addAndGet(count - r.path("tasks").size());
                        } catch (Exception e) {
                            if (errors.incrementAndGet() <= 5) System.out.println("RunTask error: " + e.getMessage());
                            budget.addAndGet(count);
                            if (errors.get() > 1000) break;
                        }
                        long p = placed.get();
                        if (client == 0 && calls.get() % 500 == 0) {
                            System.out.printf("  ... %d placed, %.0f/s%n", p, p / ((System.nanoTime() - p0) / 1e9));
                        }
                    }
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        long p1 = System.nanoTime();
        double seconds = (p1 - p0) / 1e9;
        List<Long> during = beats.stream().filter(b -> b[0] >= p0 && b[0] <= p1).map(b -> b[1]).toList();
        System.out.printf("placed %d tasks in %.1f s: %.0f placements/s end to end (%d RunTask calls, %d placement failures, %d errors)%n",
                placed.get(), seconds, placed.get() / seconds, calls.get(), failures.get(), errors.get());
        System.out.printf("RunTask latency: %s%n", pct(new ArrayList<>(runLatency)));
        System.out.printf("heartbeats during placement: %s, errors %d%n", pct(during), beatErrors.get());
        return placed.get();
    }

    /** Checks: the clusters hold exactly the placed tasks; every instance is still connected. */
    static void check(String[] endpoints, int instances, int clusters, String[] arns, long placed) throws Exception {
        long counted = counted(endpoints, clusters);
        int disconnected = 0;
        for (int i = 0; i < instances; i += 100) {
            for (int c = 0; c < clusters; c++) {
                List<String> batch = new ArrayList<>();
                for (int j = i; j < Math.min(instances, i + 100); j++) if (j % clusters == c) batch.add(arns[j]);
                if (batch.isEmpty()) continue;
                for (JsonNode ci : ecs(endpoints[1 % endpoints.length], "DescribeContainerInstances", Map.of("cluster", "bench-" + c, "containerInstances", batch))
                        .path("containerInstances")) {
                    if (!ci.path("agentConnected").asBoolean()) disconnected++;
                }
            }
        }
        System.out.printf("check: clusters count %d tasks (placed %d); %d of %d instances disconnected%n", counted, placed, disconnected, instances);
        System.exit(counted == placed && disconnected == 0 ? 0 : 1);
    }
}
