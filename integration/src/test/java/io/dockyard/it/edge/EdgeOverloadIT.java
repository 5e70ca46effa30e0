package io.dockyard.it.edge;

import org.junit.jupiter.api.parallel.ResourceLock;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.EcsWire;
import io.dockyard.it.support.Sdk;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overload suite: each oversized body and parameter flood of issue 15, four at a time, while a
 * steady loop asks for health and DescribeClusters. Every flood is refused in its protocol's shape
 * (413 early or while streaming, 400 for a flood within the cap), no health check fails, no thread
 * dies, and the server (with the launcher's 384 MiB heap) stays within its memory.
 */
@ResourceLock("cpu")
class EdgeOverloadIT {
    private static final String ELB_AUTH = "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=0";
    private static final String CM_AUTH = "Authorization: AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/servicediscovery/aws4_request, SignedHeaders=host, Signature=0";
    private static final String CM_TARGET = "X-Amz-Target: Route53AutoNaming_v20170314.ListNamespaces";
    private static DockyardProcess dockyard;
    private static RawHttp raw;

    @BeforeAll
    static void start() {
        dockyard = new DockyardProcess("--dns-address", "off").jvm("-Xmx384m", "-Xmn32m").start();
        raw = new RawHttp(dockyard.port());
    }

    @AfterAll
    static void stop() { dockyard.close(); }

    /** Health and DescribeClusters in a loop, timed; failures counted. */
    static final class SteadyLoop implements AutoCloseable {
        final List<Long> healthMicros = Collections.synchronizedList(new ArrayList<>());
        final List<Long> describeMicros = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger failures = new AtomicInteger();
        final List<String> failureText = Collections.synchronizedList(new ArrayList<>());
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        SteadyLoop(String endpoint) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest health = HttpRequest.newBuilder(URI.create(endpoint + "/_dockyard/health")).timeout(Duration.ofSeconds(2)).build();
            HttpRequest describe = HttpRequest.newBuilder(URI.create(endpoint + "/")).timeout(Duration.ofSeconds(2))
                    .header("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.DescribeClusters").header("Content-Type", "application/x-amz-json-1.1")
                    .header("Authorization", EcsWire.AUTHORIZATION).POST(HttpRequest.BodyPublishers.ofString("{\"clusters\":[\"default\"]}")).build();
            thread = Thread.ofPlatform().name("steady-loop").start(() -> {
                while (running.get()) {
                    call(http, health, healthMicros, "\"status\"");
                    call(http, describe, describeMicros, "\"clusters\"");
                    try {
                        Thread.sleep(10);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        private void call(HttpClient http, HttpRequest r, List<Long> micros, String expect) {
            long t0 = System.nanoTime();
            try {
                HttpResponse<String> res = http.send(r, HttpResponse.BodyHandlers.ofString());
                micros.add((System.nanoTime() - t0) / 1000);
                if (res.statusCode() != 200 || !res.body().contains(expect)) fail(r + " answered " + res.statusCode() + " " + res.body());
            } catch (Exception e) {
                fail(r + ": " + e);
            }
        }

        private void fail(String text) {
            failures.incrementAndGet();
            if (failureText.size() < 5) failureText.add(text);
        }

        static long percentile(List<Long> values, double p) {
            List<Long> sorted = new ArrayList<>(values);
            Collections.sort(sorted);
            return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }

    /** Runs the flood four times in parallel and returns the answers. */
    private static List<RawHttp.Answer> fourAtOnce(Callable<RawHttp.Answer> flood) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<RawHttp.Answer>> fs = new ArrayList<>();
            for (int i = 0; i < 4; i++) fs.add(pool.submit(flood));
            List<RawHttp.Answer> out = new ArrayList<>();
            for (Future<RawHttp.Answer> f : fs) out.add(f.get());
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private static String registryAuth() {
        try (var ecr = Sdk.ecr(dockyard.endpoint())) {
            ecr.createRepository(b -> b.repositoryName("flood/target"));
            String token = ecr.getAuthorizationToken(b -> {}).authorizationData().get(0).authorizationToken();
            return "Authorization: Basic " + Base64.getEncoder().encodeToString(new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyFloodIsRefusedInItsShapeWhileHealthAndDescribeClustersKeepAnswering() throws Exception {
        String host = "Host: localhost:" + dockyard.port();
        String registryAuth = registryAuth();
        try (SteadyLoop loop = new SteadyLoop(dockyard.endpoint())) {
            Thread.sleep(300);

            // 50 MB Query body, 2.5 million Names.member.N: declared (refused before a byte is read) and chunked (refused at the cap)
            for (boolean chunked : new boolean[] {false, true}) {
                for (RawHttp.Answer a : fourAtOnce(() -> raw.stream("POST / HTTP/1.1\r\n" + host + "\r\n" + ELB_AUTH + "\r\nContent-Type: application/x-www-form-urlencoded",
                        chunked, Floods.FIFTY_MB, Floods.queryNames(Floods.FIFTY_MB)))) {
                    assertThat(a.status()).as("query flood, chunked=" + chunked).isEqualTo(413);
                    assertThat(a.body()).startsWith("<?xml").contains("<Code>RequestEntityTooLarge</Code>");
                    assertThat(a.closes()).isTrue();
                }
            }
            // 50 MB JSON of 1.5 million filter objects (Cloud Map ListNamespaces)
            for (boolean chunked : new boolean[] {false, true}) {
                for (RawHttp.Answer a : fourAtOnce(() -> raw.stream("POST / HTTP/1.1\r\n" + host + "\r\n" + CM_AUTH + "\r\n" + CM_TARGET + "\r\nContent-Type: application/x-amz-json-1.1",
                        chunked, Floods.FIFTY_MB, Floods.jsonFilters(Floods.FIFTY_MB)))) {
                    assertThat(a.status()).as("json flood, chunked=" + chunked).isEqualTo(413);
                    assertThat(a.body()).contains("\"__type\":\"RequestEntityTooLargeException\"");
                }
            }
            // floods within the body cap: the parsers' caps answer 400 in the protocol's shape
            String params = Floods.whole(Floods.queryNames(1_000_000));
            for (RawHttp.Answer a : fourAtOnce(() -> raw.send("POST / HTTP/1.1\r\n" + host + "\r\n" + ELB_AUTH + "\r\nContent-Type: application/x-www-form-urlencoded", params))) {
                assertThat(a.status()).isEqualTo(400);
                // whichever cap trips first: the list index (10,000) or the parameter count (50,000)
                assertThat(a.body()).contains("<Code>MalformedQueryString</Code>").containsAnyOf("parameters", "List index");
            }
            String filters = Floods.whole(Floods.body("{\"Filters\":[{}", i -> ",{}", 1_000_000)) + "]}";
            for (RawHttp.Answer a : fourAtOnce(() -> raw.send("POST / HTTP/1.1\r\n" + host + "\r\n" + CM_AUTH + "\r\n" + CM_TARGET + "\r\nContent-Type: application/x-amz-json-1.1", filters))) {
                assertThat(a.status()).isEqualTo(400);
                assertThat(a.body()).contains("\"__type\":\"SerializationException\"");
            }
            // headers over the limit, a 50 MB manifest, a 50 MB agent registration
            for (RawHttp.Answer a : fourAtOnce(() -> raw.send("GET /_dockyard/health HTTP/1.1\r\n" + host + "\r\nX-Flood: " + "a".repeat(64 * 1024), null))) {
                assertThat(a.status()).isEqualTo(431);
                assertThat(a.body()).contains("\"__type\":\"RequestHeaderFieldsTooLargeException\"");
            }
            for (RawHttp.Answer a : fourAtOnce(() -> raw.stream("PUT /v2/flood/target/manifests/latest HTTP/1.1\r\n" + host + "\r\n" + registryAuth
                    + "\r\nContent-Type: application/vnd.oci.image.manifest.v1+json", false, Floods.FIFTY_MB, Floods.jsonFilters(Floods.FIFTY_MB)))) {
                assertThat(a.status()).isEqualTo(413);
                assertThat(a.body()).contains("{\"errors\":[{\"code\":\"SIZE_INVALID\"");
            }
            for (RawHttp.Answer a : fourAtOnce(() -> raw.stream("POST /_dockyard/agent/v1/register HTTP/1.1\r\n" + host + "\r\nContent-Type: application/json",
                    true, Floods.FIFTY_MB, Floods.jsonFilters(Floods.FIFTY_MB)))) {
                assertThat(a.status()).isEqualTo(413);
            }
            Thread.sleep(300);
            loop.close();

            System.out.printf("overload: %d health checks p50 %d us p99 %d us max %d us; %d DescribeClusters p50 %d us p99 %d us max %d us%n",
                    loop.healthMicros.size(), SteadyLoop.percentile(loop.healthMicros, 0.5), SteadyLoop.percentile(loop.healthMicros, 0.99),
                    SteadyLoop.percentile(loop.healthMicros, 1.0), loop.describeMicros.size(), SteadyLoop.percentile(loop.describeMicros, 0.5),
                    SteadyLoop.percentile(loop.describeMicros, 0.99), SteadyLoop.percentile(loop.describeMicros, 1.0));
            assertThat(loop.failures.get()).as("failed steady requests: " + loop.failureText).isZero();
            assertThat(loop.healthMicros).hasSizeGreaterThan(20);
            // bounded, not a benchmark: the numbers the issue asks for are measured by bench/edge
            assertThat(SteadyLoop.percentile(loop.healthMicros, 1.0)).as("slowest health answer (us)").isLessThan(5_000_000);
        }

        String log = Files.readString(dockyard.log());
        assertThat(log).doesNotContain("OutOfMemoryError").doesNotContain("Exception in thread").doesNotContain("<html");
        long peakRssKib = peakRssKib(dockyard.pid());
        System.out.printf("overload: server peak RSS %d MiB (heap capped at 384 MiB)%n", peakRssKib >> 10);
        assertThat(peakRssKib).as("peak RSS KiB").isLessThan(640 * 1024);
        // and the server still does its work
        try (var ecs = Sdk.ecs(dockyard.endpoint())) {
            assertThat(ecs.createCluster(b -> b.clusterName("after-flood")).cluster().status()).isEqualTo("ACTIVE");
        }
    }

    private static long peakRssKib(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        throw new IllegalStateException("no VmHWM for " + pid);
    }
}
