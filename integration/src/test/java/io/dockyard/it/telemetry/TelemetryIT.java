package io.dockyard.it.telemetry;

import com.sun.net.httpserver.HttpServer;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.DockyardProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Dockyard's own telemetry as an operator scrapes and collects it: Prometheus text at {@code /metrics}
 * counting real AWS CLI calls by operation and status, and OpenTelemetry spans of those calls exported
 * over OTLP/HTTP to a collector (here a plain HTTP server standing in for one).
 */
class TelemetryIT {
    private static DockyardProcess dockyard;
    private static HttpServer collector;
    private static final List<String> received = new CopyOnWriteArrayList<>();
    private static final List<String> paths = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        collector.createContext("/", x -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            x.getRequestBody().transferTo(b);
            paths.add(x.getRequestURI().getPath() + " " + x.getRequestHeaders().getFirst("Content-Type"));
            received.add(b.toString(StandardCharsets.ISO_8859_1));
            x.sendResponseHeaders(200, -1);
            x.close();
        });
        collector.start();
        dockyard = DockyardProcess.controlPlaneOnly("--dns-address", "off")
                .env("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + collector.getAddress().getPort())
                .env("OTEL_BSP_SCHEDULE_DELAY", "200").start();
    }

    @AfterAll
    static void stop() {
        if (dockyard != null) dockyard.close();
        if (collector != null) collector.stop(0);
    }

    private static String scrape() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(dockyard.endpoint() + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return r.body();
    }

    @Test
    void apiCallsAreCountedAndTraced() throws Exception {
        AwsCli aws = new AwsCli(dockyard.endpoint());
        aws.run("ecs", "create-cluster", "--cluster-name", "telemetry").ok();
        aws.run("ecs", "list-clusters").ok();
        aws.run("ecs", "list-clusters").ok();
        assertThat(aws.run("ecs", "describe-services", "--cluster", "nope", "--services", "x").exitCode()).isNotZero();
        aws.v2().run("elbv2", "describe-load-balancers").ok();

        String metrics = scrape();
        assertThat(metrics).contains("dockyard_api_requests_total{operation=\"ListClusters\",service=\"AmazonEC2ContainerServiceV20141113\",status=\"200\"} 2.0");
        assertThat(metrics).contains("dockyard_api_requests_total{operation=\"DescribeServices\",service=\"AmazonEC2ContainerServiceV20141113\",status=\"400\"} 1.0");
        assertThat(metrics).contains("operation=\"DescribeLoadBalancers\",service=\"elasticloadbalancing\",status=\"200\"");
        assertThat(metrics).contains("dockyard_api_request_duration_seconds_bucket{operation=\"CreateCluster\"");
        assertThat(metrics).contains("dockyard_loops_degraded").contains("dockyard_agents_connected");

        // spans leave in batches: wait for every call's
        await().atMost(Duration.ofSeconds(20)).until(() -> String.join("", received).contains("AmazonEC2ContainerServiceV20141113/ListClusters")
                && String.join("", received).contains("AmazonEC2ContainerServiceV20141113/CreateCluster")
                && String.join("", received).contains("elasticloadbalancing/DescribeLoadBalancers"));
        assertThat(paths).anyMatch(p -> p.startsWith("/v1/traces application/x-protobuf"));
        String all = String.join("", received);
        assertThat(all).contains("AmazonEC2ContainerServiceV20141113/CreateCluster").contains("elasticloadbalancing/DescribeLoadBalancers")
                .contains("rpc.method").contains("dockyard");
    }
}
