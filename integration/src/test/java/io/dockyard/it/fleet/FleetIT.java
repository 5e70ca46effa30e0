package io.dockyard.it.fleet;

import org.junit.jupiter.api.parallel.Isolated;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.EcsWire;
import io.dockyard.it.support.TcpProxy;
import io.dockyard.it.support.TestHost;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fleet as the user runs it: PostgreSQL, three control-plane replicas ({@code dockyard server --database …
 * --node-name cpN}), and an agent on each of two other hosts (network namespaces with their own dockerd, see
 * {@link TestHost}) that knows all three endpoints. A service of 6 tasks behind an ALB rolls to a new revision;
 * in the middle, the leader is killed with {@code kill -9}: another replica takes over within its lease, the
 * deployment completes, exactly 6 tasks run, no container is left orphaned, and requests through the load
 * balancer of a surviving replica never fail. Then one replica is cut off from the database: it stops leading,
 * answers writes at once with ECS's retryable {@code ServerException}, and recovers by itself.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Isolated("a leader failover timed against its lease; PostgreSQL and network namespaces")
class FleetIT {
    private static final String PREFIX = "dyt-fl";
    private static final String CONTROL_PLANE_LINK = PREFIX + "cp";
    private static final String CONTROL_PLANE_ADDRESS = "10.231.20.1";
    private static final String CLUSTER = "fleet";
    private static final int TASKS = 6;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final List<DockyardProcess> replicas = new ArrayList<>();
    private static final List<TcpProxy> databases = new ArrayList<>();
    private static final List<TestHost> hosts = new ArrayList<>();
    private static final Set<Integer> killed = new HashSet<>();

    @BeforeAll
    static void up() throws Exception {
        TestHost.cleanLeftovers(PREFIX);
        Docker.ensureTestImage();
        String admin = lastLine(run("bash", Path.of(System.getProperty("dockyard.root", ".."), "scripts", "test-postgres.sh").toAbsolutePath().toString()));
        String db = "dockyard_fleet_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        run("env", "PGPASSWORD=dockyard", "psql", "-q", "-h", "127.0.0.1", "-U", "dockyard", "-d", "dockyard", "-c", "CREATE DATABASE " + db);
        URI pg = URI.create(admin);
        TestHost.rootAddress(CONTROL_PLANE_LINK, CONTROL_PLANE_ADDRESS);
        TestHost.createAll(hosts, PREFIX, () -> {
            for (int i = 0; i < 3; i++) {
                // Each replica reaches the database through its own proxy, so that one can be cut off alone.
                TcpProxy proxy = new TcpProxy(pg.getHost(), pg.getPort());
                databases.add(proxy);
                String url = "postgresql://dockyard:dockyard@127.0.0.1:" + proxy.port() + "/" + db;
                replicas.add(DockyardProcess.controlPlaneOnly("--database", url, "--node-name", "cp" + (i + 1),
                                "--dns-address", "off", "--lb-bind-address", lbAddress(i), "--leader-lease-seconds", "2")
                        .bind(CONTROL_PLANE_ADDRESS)
                        // as docs/fleet.md runs replicas: background loops below the requests (nice 4)
                        .jvm("-XX:ThreadPriorityPolicy=1"));
            }
            for (DockyardProcess r : replicas) r.start();
            cli(0).run("ecs", "create-cluster", "--cluster-name", CLUSTER).ok();
            // The priority really reaches the OS: the heartbeat-flushing loop runs at nice 4 on every replica (it starts
            // just after the edge answers health, so a replica is given a few seconds to show it).
            for (DockyardProcess r : replicas) {
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                        assertThat(run("ps", "-L", "-o", "ni=,comm=", "-p", Long.toString(r.pid()))).containsPattern("(?m)^\\s*4 heartbeats$"));
            }
        }, Docker.BUSYBOX, 21, 22);
        String endpoints = String.join(",", replicas.stream().map(DockyardProcess::endpoint).toList());
        for (int i = 0; i < hosts.size(); i++) hosts.get(i).startAgent(endpoints, CLUSTER, "h" + (i + 1), 2048, 1024);
    }

    @AfterAll
    static void down() {
        for (TestHost h : hosts) {
            try {
                h.close();
            } catch (RuntimeException e) {
                System.err.println("closing " + h.name() + ": " + e);
            }
        }
        hosts.clear();
        for (int i = 0; i < replicas.size(); i++) {
            if (!killed.contains(i)) replicas.get(i).terminate();
        }
        databases.forEach(TcpProxy::close);
        TestHost.removeRootAddress(CONTROL_PLANE_LINK);
        TestHost.cleanLeftovers(PREFIX);
    }

    private static String lbAddress(int replica) { return "127.0.0." + (21 + replica); }

    private static AwsCli cli(int replica) { return new AwsCli(replicas.get(replica).endpoint()); }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }

    private static String lastLine(String s) { return s.lines().reduce((x, y) -> y).orElse("").trim(); }

    /** The replica's view of its leadership, from its health answer (null when it does not answer). */
    private static JsonNode leadership(int replica) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(replicas.get(replica).endpoint() + "/_dockyard/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body()).path("leadership");
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The one live replica that leads (fails when two do), or -1. */
    private static int leader() {
        int found = -1;
        for (int i = 0; i < replicas.size(); i++) {
            if (killed.contains(i)) continue;
            JsonNode l = leadership(i);
            if (l != null && l.path("leading").asBoolean()) {
                assertThat(found).as("two replicas lead at once").isEqualTo(-1);
                found = i;
            }
        }
        return found;
    }

    private static List<JsonNode> runningTasks(EcsWire ecs) {
        JsonNode arns = ecs.call("ListTasks", Map.of("cluster", CLUSTER, "serviceName", "web")).at("/taskArns");
        List<JsonNode> out = new ArrayList<>();
        if (arns.isEmpty()) return out;
        List<String> ids = new ArrayList<>();
        arns.forEach(a -> ids.add(a.asText()));
        ecs.call("DescribeTasks", Map.of("cluster", CLUSTER, "tasks", ids)).at("/tasks").forEach(t -> {
            if ("RUNNING".equals(t.at("/lastStatus").asText())) out.add(t);
        });
        return out;
    }

    private static boolean steady(EcsWire ecs, String taskDefinitionArn) {
        List<JsonNode> tasks = runningTasks(ecs);
        JsonNode service = ecs.call("DescribeServices", Map.of("cluster", CLUSTER, "services", List.of("web"))).at("/services/0");
        return tasks.size() == TASKS && tasks.stream().allMatch(t -> t.at("/taskDefinitionArn").asText().equals(taskDefinitionArn))
                && service.at("/deployments").size() == 1 && "COMPLETED".equals(service.at("/deployments/0/rolloutState").asText());
    }

    private static String register(AwsCli aws, String text) {
        String defs = "[{\"name\":\"web\",\"image\":\"" + Docker.BUSYBOX + "\",\"memory\":32,\"stopTimeout\":2,"
                + "\"command\":[\"sh\",\"-c\",\"echo " + text + " > /var/www/index.html; exec httpd -f -p 80 -h /var/www\"],"
                + "\"portMappings\":[{\"containerPort\":80,\"hostPort\":0}]}]";
        return aws.run("ecs", "register-task-definition", "--family", "web", "--container-definitions", defs).ok()
                .at("/taskDefinition/taskDefinitionArn").asText();
    }

    /** The task containers running in the test hosts' engines. */
    private static Set<String> containersOnHosts() {
        Set<String> ids = new HashSet<>();
        for (TestHost h : hosts) {
            for (String id : h.docker("ps", "-q", "--no-trunc", "--filter", "label=com.amazonaws.ecs.cluster=" + CLUSTER).split("\\s+")) {
                if (!id.isBlank()) ids.add(id);
            }
        }
        return ids;
    }

    @Test
    @Order(1)
    void killingTheLeaderMidDeploymentLosesNothing() throws Exception {
        AwsCli any = cli(0);
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(250))
                .until(() -> any.run("ecs", "list-container-instances", "--cluster", CLUSTER).ok().path("containerInstanceArns").size() == 2);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> leader() >= 0);
        int leader = leader();
        int survivor = (leader + 1) % 3;
        AwsCli aws = cli(survivor);
        EcsWire ecs = new EcsWire(replicas.get(survivor).endpoint());
        String v1 = register(aws, "blue");
        String v2 = register(cli((leader + 2) % 3), "green");

        String lb = aws.run("elbv2", "create-load-balancer", "--name", "fleet-lb", "--subnets", "subnet-1", "subnet-2").ok().at("/LoadBalancers/0/LoadBalancerArn").asText();
        String tg = aws.run("elbv2", "create-target-group", "--name", "fleet-tg", "--protocol", "HTTP", "--port", "80", "--vpc-id", "vpc-1",
                "--health-check-path", "/", "--health-check-interval-seconds", "5", "--health-check-timeout-seconds", "2",
                "--healthy-threshold-count", "2").ok().at("/TargetGroups/0/TargetGroupArn").asText();
        aws.run("elbv2", "modify-target-group-attributes", "--target-group-arn", tg, "--attributes", "Key=deregistration_delay.timeout_seconds,Value=2").ok();
        int port = DockyardProcess.freePort();
        aws.run("elbv2", "create-listener", "--load-balancer-arn", lb, "--protocol", "HTTP", "--port", Integer.toString(port),
                "--default-actions", "Type=forward,TargetGroupArn=" + tg).ok();
        aws.run("ecs", "create-service", "--cluster", CLUSTER, "--service-name", "web", "--task-definition", v1, "--desired-count", Integer.toString(TASKS),
                "--placement-strategy", "type=spread,field=instanceId",
                "--deployment-configuration", "minimumHealthyPercent=100,maximumPercent=150",
                "--load-balancers", "targetGroupArn=" + tg + ",containerName=web,containerPort=80").ok();
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(250)).until(() -> steady(ecs, v1));

        // The survivor's own listener answers once its data plane has found the targets healthy.
        URI uri = URI.create("http://" + lbAddress(survivor) + ":" + port + "/");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).ignoreExceptions().until(() ->
                HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString()).body().contains("blue"));

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger ok = new AtomicInteger(), failed = new AtomicInteger(), green = new AtomicInteger();
        List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread traffic = Thread.ofVirtual().start(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
            while (!stop.get() && System.nanoTime() < deadline) {
                try {
                    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) ok.incrementAndGet(); else { failed.incrementAndGet(); failures.add(r.statusCode() + " " + r.body()); }
                    if (r.body().contains("green")) green.incrementAndGet();
                    Thread.sleep(20);
                } catch (Exception e) {
                    failed.incrementAndGet();
                    failures.add(e.toString());
                }
            }
        });

        aws.run("ecs", "update-service", "--cluster", CLUSTER, "--service", "web", "--task-definition", v2).ok();
        // Mid-deployment: some new tasks run, the old ones are not all gone.
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> {
            List<JsonNode> tasks = runningTasks(ecs);
            return tasks.stream().anyMatch(t -> t.at("/taskDefinitionArn").asText().equals(v2))
                    && tasks.stream().anyMatch(t -> t.at("/taskDefinitionArn").asText().equals(v1));
        });
        long killedAt = System.nanoTime();
        replicas.get(leader).kill9();
        killed.add(leader);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() -> leader() >= 0);
        Duration failover = Duration.ofNanos(System.nanoTime() - killedAt);
        int next = leader();
        System.out.printf("leader cp%d killed; cp%d leads after %d ms%n", leader + 1, next + 1, failover.toMillis());
        assertThat(next).isNotEqualTo(leader);
        assertThat(failover).as("a new leader within the 2 s lease and a renewal round").isLessThan(Duration.ofSeconds(5));

        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(250)).until(() -> steady(ecs, v2));
        // Exactly the 6 tasks run, each in a host's engine, and no other task container is left anywhere.
        List<JsonNode> tasks = runningTasks(ecs);
        assertThat(tasks).hasSize(TASKS);
        Set<String> taskContainers = new HashSet<>();
        tasks.forEach(t -> taskContainers.add(t.at("/containers/0/runtimeId").asText()));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> containersOnHosts().equals(taskContainers));
        assertThat(Docker.docker("ps", "-aq", "--filter", "label=com.amazonaws.ecs.cluster=" + CLUSTER)).as("nothing on the root engine").isEmpty();

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> green.get() > 20);
        Thread.sleep(1000);
        stop.set(true);
        traffic.join();
        System.out.printf("requests through cp%d's listener: ok=%d failed=%d green=%d%n", survivor + 1, ok.get(), failed.get(), green.get());
        assertThat(failures).as("failed requests through the surviving replica's load balancer").isEmpty();
        assertThat(ok.get()).isGreaterThan(100);
        assertThat(HTTP.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString()).body()).contains("green");
    }

    @Test
    @Order(2)
    void aReplicaCutOffFromTheDatabaseStopsLeadingFailsFastAndRecovers() throws Exception {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> leader() >= 0);
        int cut = leader();
        databases.get(cut).cut();
        long cutAt = System.nanoTime();
        // It stops leading within its lease (by its own clock), and another live replica takes over.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            int l = leader();
            return l >= 0 && l != cut;
        });
        System.out.printf("cp%d cut off; cp%d leads after %d ms%n", cut + 1, leader() + 1, (System.nanoTime() - cutAt) / 1_000_000);
        JsonNode own = leadership(cut);
        assertThat(own.path("leading").asBoolean()).isFalse();

        // A write to the cut-off replica answers quickly with the error the SDKs retry, in the AWS JSON shape.
        long started = System.nanoTime();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(replicas.get(cut).endpoint() + "/"))
                .header("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.CreateCluster")
                .header("Authorization", EcsWire.AUTHORIZATION)
                .header("Content-Type", "application/x-amz-json-1.1")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"clusterName\":\"while-cut\"}")).build(), HttpResponse.BodyHandlers.ofString());
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.printf("write to the cut-off replica: %d in %d ms: %s%n", r.statusCode(), took.toMillis(), r.body());
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(JSON.readTree(r.body()).path("__type").asText()).isEqualTo("ServerException");
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        // The AWS CLI, which retries it, meets the same error and gives up, having changed nothing.
        AwsCli.Result viaCli = cli(cut).run("ecs", "create-cluster", "--cluster-name", "while-cut");
        assertThat(viaCli.exitCode()).isNotZero();
        assertThat(viaCli.stderr()).contains("ServerException");
        int other = leader();
        assertThat(cli(other).run("ecs", "describe-clusters", "--clusters", "while-cut").ok().at("/clusters").size()).isZero();

        // The database comes back: the replica catches up and serves writes again, with no restart.
        cli(other).run("ecs", "create-cluster", "--cluster-name", "while-away").ok();
        databases.get(cut).restore();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> cli(cut).run("ecs", "describe-clusters", "--clusters", "while-away").ok().at("/clusters/0/status").asText().equals("ACTIVE"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> cli(cut).run("ecs", "create-cluster", "--cluster-name", "after-cut").exitCode() == 0);
        assertThat(cli(other).run("ecs", "describe-clusters", "--clusters", "after-cut").ok().at("/clusters/0/status").asText()).isEqualTo("ACTIVE");
        assertThat(leader()).as("still exactly one leader").isGreaterThanOrEqualTo(0);
    }
}
