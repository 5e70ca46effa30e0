package io.dockyard.it.lb;

import io.dockyard.it.support.DockyardExtension;
import io.dockyard.it.support.DockyardProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Real traffic through Dockyard's load balancers to real busybox httpd containers. */
class LoadBalancerTrafficIT {
    @RegisterExtension
    static DockyardExtension dockyard = new DockyardExtension();

    private final Backends backends = new Backends();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void removeContainers() { backends.close(); }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(b.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> get(int port, String path) { return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))); }

    /** A GET naming another Host (the JDK client will not send one); returns the whole response. */
    private static String getWithHost(int port, String host) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() {
        try {
            return DockyardProcess.freePort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A target group checked every 5 s (timeout 2 s), healthy after 2 passes and unhealthy after 2 failures. */
    private static String fastGroup(ElasticLoadBalancingV2Client elb, String name, ProtocolEnum protocol, Backends.Backend... targets) {
        String tg = elb.createTargetGroup(b -> b.name(name).protocol(protocol).port(80).targetType("ip").healthCheckIntervalSeconds(5)
                .healthCheckTimeoutSeconds(2).healthyThresholdCount(2).unhealthyThresholdCount(2)).targetGroups().get(0).targetGroupArn();
        if (targets.length > 0) {
            elb.registerTargets(b -> b.targetGroupArn(tg).targets(java.util.Arrays.stream(targets)
                    .map(t -> software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription.builder().id("127.0.0.1").port(t.port()).build()).toList()));
        }
        return tg;
    }

    private static String state(ElasticLoadBalancingV2Client elb, String tg, Backends.Backend b) {
        return elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions().stream()
                .filter(d -> d.target().port() == b.port()).map(d -> d.targetHealth().stateAsString()).findFirst().orElse("absent");
    }

    private static void awaitHealthy(ElasticLoadBalancingV2Client elb, String tg, int count) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() ->
                elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions().stream()
                        .filter(d -> d.targetHealth().stateAsString().equals("healthy")).count() == count);
    }

    private static String alb(ElasticLoadBalancingV2Client elb, String name) {
        return elb.createLoadBalancer(b -> b.name(name)).loadBalancers().get(0).loadBalancerArn();
    }

    @Test
    void spreadsRequestsOverEveryTargetAndDropsAKilledOne() {
        var a = backends.start("alpha");
        var b = backends.start("bravo");
        var c = backends.start("charlie");
        try (ElasticLoadBalancingV2Client elb = LbClients.elbv2(dockyard.endpoint())) {
            String tg = fastGroup(elb, "spread", ProtocolEnum.HTTP, a, b, c);
            int port = freePort();
            elb.createListener(r -> r.loadBalancerArn(alb(elb, "spread")).protocol(ProtocolEnum.HTTP).port(port).defaultActions(x -> x.type("forward").targetGroupArn(tg)));
            awaitHealthy(elb, tg, 3);

            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 12; i++) {
                HttpResponse<String> r = get(port, "/");
                assertThat(r.statusCode()).isEqualTo(200);
                seen.add(r.body().trim());
            }
            assertThat(seen).containsExactlyInAnyOrder("alpha", "bravo", "charlie");
            String echoed = get(port, "/cgi-bin/slow").body();
            assertThat(echoed).contains("xff=127.0.0.1 proto=http port=" + port + " host=127.0.0.1:" + port);

            backends.kill(c);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() -> state(elb, tg, c).equals("unhealthy"));
            TargetHealthDescription dead = elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions().stream()
                    .filter(d -> d.target().port() == c.port()).findFirst().orElseThrow();
            assertThat(dead.targetHealth().reasonAsString()).isEqualTo("Target.FailedHealthChecks");
            Set<String> after = new HashSet<>();
            for (int i = 0; i < 10; i++) {
                HttpResponse<String> r = get(port, "/");
                assertThat(r.statusCode()).isEqualTo(200);
                after.add(r.body().trim());
            }
            assertThat(after).containsExactlyInAnyOrder("alpha", "bravo");
        }
    }

    @Test
    void deregistrationDrainsInFlightRequestsAndLosesNone() throws Exception {
        var a = backends.start("alpha");
        var b = backends.start("bravo");
        try (ElasticLoadBalancingV2Client elb = LbClients.elbv2(dockyard.endpoint())) {
            String tg = fastGroup(elb, "drain", ProtocolEnum.HTTP, a, b);
            elb.modifyTargetGroupAttributes(r -> r.targetGroupArn(tg).attributes(x -> x.key("deregistration_delay.timeout_seconds").value("30")));
            int port = freePort();
            elb.createListener(r -> r.loadBalancerArn(alb(elb, "drain")).protocol(ProtocolEnum.HTTP).port(port).defaultActions(x -> x.type("forward").targetGroupArn(tg)));
            awaitHealthy(elb, tg, 2);

            // round robin: two requests in a row go to both targets, so one slow request is in flight on bravo
            CompletableFuture<HttpResponse<String>> slow1 = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/cgi-bin/slow?3")).build(), HttpResponse.BodyHandlers.ofString());
            CompletableFuture<HttpResponse<String>> slow2 = http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/cgi-bin/slow?3")).build(), HttpResponse.BodyHandlers.ofString());
            Thread.sleep(300);

            AtomicBoolean deregistered = new AtomicBoolean();
            List<String> afterDeregistration = new ArrayList<>();
            List<Integer> failures = new ArrayList<>();
            Thread loop = Thread.ofPlatform().start(() -> {
                long end = System.nanoTime() + Duration.ofSeconds(6).toNanos();
                for (int i = 0; i < 300 && System.nanoTime() < end; i++) {
                    boolean after = deregistered.get();
                    HttpResponse<String> r = get(port, "/");
                    if (r.statusCode() != 200) failures.add(r.statusCode());
                    else if (after) afterDeregistration.add(r.body().trim());
                }
            });
            Thread.sleep(200);
            elb.deregisterTargets(r -> r.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(b.port())));
            deregistered.set(true);
            assertThat(state(elb, tg, b)).isEqualTo("draining");
            loop.join();

            assertThat(failures).isEmpty();
            assertThat(afterDeregistration).isNotEmpty().containsOnly("alpha");
            Set<String> slow = Set.of(slow1.get().body().trim().split(" ")[0], slow2.get().body().trim().split(" ")[0]);
            assertThat(slow1.get().statusCode()).isEqualTo(200);
            assertThat(slow2.get().statusCode()).isEqualTo(200);
            assertThat(slow).containsExactlyInAnyOrder("alpha", "bravo");
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> state(elb, tg, b).equals("absent"));
        }
    }

    @Test
    void routesByRulesWithFixedResponsesRedirectsAndGatewayErrors() {
        var a = backends.start("alpha");
        var b = backends.start("bravo");
        try (ElasticLoadBalancingV2Client elb = LbClients.elbv2(dockyard.endpoint())) {
            String tgA = fastGroup(elb, "rules-a", ProtocolEnum.HTTP, a);
            String tgB = fastGroup(elb, "rules-b", ProtocolEnum.HTTP, b);
            String empty = fastGroup(elb, "rules-empty", ProtocolEnum.HTTP);
            String dead = fastGroup(elb, "rules-dead", ProtocolEnum.HTTP);
            elb.registerTargets(r -> r.targetGroupArn(dead).targets(t -> t.id("127.0.0.1").port(freePort())));
            int port = freePort();
            String listener = elb.createListener(r -> r.loadBalancerArn(alb(elb, "rules")).protocol(ProtocolEnum.HTTP).port(port)
                    .defaultActions(x -> x.type("fixed-response").fixedResponseConfig(f -> f.statusCode("404").contentType("text/plain").messageBody("no route"))))
                    .listeners().get(0).listenerArn();
            elb.createRule(r -> r.listenerArn(listener).priority(10).conditions(c -> c.field("path-pattern").values("/cgi-bin/*")).actions(x -> x.type("forward").targetGroupArn(tgA)));
            elb.createRule(r -> r.listenerArn(listener).priority(20).conditions(c -> c.field("host-header").values("*.bravo.test")).actions(x -> x.type("forward").targetGroupArn(tgB)));
            elb.createRule(r -> r.listenerArn(listener).priority(30).conditions(c -> c.field("http-header").httpHeaderConfig(h -> h.httpHeaderName("X-Canary").values("yes")))
                    .actions(x -> x.type("forward").forwardConfig(f -> f.targetGroups(t -> t.targetGroupArn(tgA).weight(0), t -> t.targetGroupArn(tgB).weight(5)))));
            elb.createRule(r -> r.listenerArn(listener).priority(40).conditions(c -> c.field("query-string").queryStringConfig(q -> q.values(v -> v.key("v").value("2"))))
                    .actions(x -> x.type("forward").targetGroupArn(tgB)));
            elb.createRule(r -> r.listenerArn(listener).priority(50).conditions(c -> c.field("path-pattern").values("/old*"))
                    .actions(x -> x.type("redirect").redirectConfig(rc -> rc.statusCode("HTTP_301").path("/new"))));
            elb.createRule(r -> r.listenerArn(listener).priority(60).conditions(c -> c.field("path-pattern").values("/empty")).actions(x -> x.type("forward").targetGroupArn(empty)));
            elb.createRule(r -> r.listenerArn(listener).priority(70).conditions(c -> c.field("path-pattern").values("/dead")).actions(x -> x.type("forward").targetGroupArn(dead)));
            elb.createRule(r -> r.listenerArn(listener).priority(5).conditions(c -> c.field("http-request-method").httpRequestMethodConfig(m -> m.values("DELETE")))
                    .actions(x -> x.type("fixed-response").fixedResponseConfig(f -> f.statusCode("405").contentType("application/json").messageBody("{\"no\":1}"))));

            HttpResponse<String> fallback = get(port, "/nothing");
            assertThat(fallback.statusCode()).isEqualTo(404);
            assertThat(fallback.body()).isEqualTo("no route");
            assertThat(fallback.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            assertThat(get(port, "/cgi-bin/slow").body()).startsWith("alpha ");
            assertThat(getWithHost(port, "www.bravo.test")).startsWith("HTTP/1.1 200").endsWith("bravo");
            for (int i = 0; i < 4; i++) {
                assertThat(send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).header("X-Canary", "yes")).body().trim()).isEqualTo("bravo");
            }
            assertThat(get(port, "/?v=2").body().trim()).isEqualTo("bravo");
            HttpResponse<String> moved = get(port, "/old/page?x=1");
            assertThat(moved.statusCode()).isEqualTo(301);
            assertThat(moved.headers().firstValue("location")).hasValue("http://127.0.0.1:" + port + "/new?x=1");
            HttpResponse<String> delete = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/a/x")).DELETE());
            assertThat(delete.statusCode()).isEqualTo(405);
            assertThat(delete.body()).isEqualTo("{\"no\":1}");
            HttpResponse<String> unavailable = get(port, "/empty");
            assertThat(unavailable.statusCode()).isEqualTo(503);
            assertThat(unavailable.body()).contains("503 Service Temporarily Unavailable");
            assertThat(unavailable.headers().firstValue("server")).hasValue("awselb/2.0");
            HttpResponse<String> badGateway = get(port, "/dead");
            assertThat(badGateway.statusCode()).isEqualTo(502);
            assertThat(badGateway.body()).contains("502 Bad Gateway");
        }
    }

    @Test
    void networkLoadBalancerPassesTcpThrough() {
        var a = backends.start("alpha");
        try (ElasticLoadBalancingV2Client elb = LbClients.elbv2(dockyard.endpoint())) {
            String tg = fastGroup(elb, "tcp", ProtocolEnum.TCP, a);
            String nlb = elb.createLoadBalancer(r -> r.name("tcp").type("network")).loadBalancers().get(0).loadBalancerArn();
            int port = freePort();
            elb.createListener(r -> r.loadBalancerArn(nlb).protocol(ProtocolEnum.TCP).port(port).defaultActions(x -> x.type("forward").targetGroupArn(tg)));
            HttpResponse<String> r = get(port, "/cgi-bin/slow");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).startsWith("alpha xff= proto=");
            awaitHealthy(elb, tg, 1);
        }
    }
}
