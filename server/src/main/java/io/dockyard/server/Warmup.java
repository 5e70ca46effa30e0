package io.dockyard.server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The training run behind the class-data archive ({@code dockyard warm}, run by the launcher once after a build with
 * the same JVM flags as every start): a throw-away Dockyard with its embedded agent on a free port, a few requests of
 * each protocol, then a clean stop. The classes this loads are the ones the archive holds.
 */
final class Warmup {
    private static final String AUTH = "AWS4-HMAC-SHA256 Credential=warm/20260101/us-east-1/%s/aws4_request, SignedHeaders=host, Signature=0";

    private Warmup() {}

    static void run() throws Exception {
        Path dir = Files.createTempDirectory("dockyard-warm-");
        try {
            ServerConfig c = new ServerConfig("127.0.0.1", 0, dir, "us-east-1", "000000000000", true, true, "us-east-1a", "localhost",
                    "127.0.0.1", "off", "127.0.0.1", "file", io.dockyard.protocol.EdgePolicy.local(), "",
                    "warmup", java.time.Duration.ofSeconds(4), io.dockyard.api.ecs.taskdef.HostSafety.ANY,
                    io.dockyard.server.tls.EdgeTls.Settings.AUTO);
            try (Dockyard d = new Dockyard(c).start()) {
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + d.port();
                send(http, HttpRequest.newBuilder(URI.create(base + "/_dockyard/health")).build());
                json(http, base, "ecs", "AmazonEC2ContainerServiceV20141113.CreateCluster", "{\"clusterName\":\"warm\"}");
                json(http, base, "ecs", "AmazonEC2ContainerServiceV20141113.DescribeClusters", "{\"clusters\":[\"warm\"]}");
                json(http, base, "ecs", "AmazonEC2ContainerServiceV20141113.ListTasks", "{\"cluster\":\"warm\"}");
                json(http, base, "ecr", "AmazonEC2ContainerRegistry_V20150921.DescribeRepositories", "{}");
                json(http, base, "servicediscovery", "Route53AutoNaming_v20170314.ListNamespaces", "{}");
                send(http, HttpRequest.newBuilder(URI.create(base + "/")).header("Authorization", AUTH.formatted("elasticloadbalancing"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("Action=DescribeLoadBalancers&Version=2015-12-01")).build());
                send(http, HttpRequest.newBuilder(URI.create(base + "/v2/")).build());
            }
        } finally {
            try (Stream<Path> all = Files.walk(dir)) {
                all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void json(HttpClient http, String base, String signingName, String target, String body) throws IOException, InterruptedException {
        send(http, HttpRequest.newBuilder(URI.create(base + "/")).header("X-Amz-Target", target).header("Authorization", AUTH.formatted(signingName))
                .header("Content-Type", "application/x-amz-json-1.1").POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static void send(HttpClient http, HttpRequest r) throws IOException, InterruptedException {
        http.send(r, HttpResponse.BodyHandlers.discarding());
    }
}
