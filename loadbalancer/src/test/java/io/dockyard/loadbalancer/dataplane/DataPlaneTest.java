package io.dockyard.loadbalancer.dataplane;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The data plane against local Vert.x origins: WebSocket pass-through, least outstanding requests, 504 on a silent target. */
@SuppressWarnings("unchecked")
class DataPlaneTest {
    private final Vertx origins = Vertx.vertx();
    private final List<HttpServer> servers = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
    private Balancer lb;

    @BeforeEach
    void start() {
        lb = new Balancer(Duration.ofSeconds(1));
    }

    @AfterEach
    void stop() throws Exception {
        lb.close();
        origins.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private Map<String, Object> call(String action, String... params) { return lb.call(action, params); }

    private static String first(Map<String, Object> out, String list, String member) { return Balancer.first(out, list, member); }

    private int origin(String name, long delayMs) throws Exception {
        HttpServer s = origins.createHttpServer()
                .webSocketHandler(ws -> ws.handler(b -> ws.writeTextMessage(name + ":" + b.toString())))
                .requestHandler(req -> {
                    // the balancer's health probes are not the clients' requests
                    if (!"ELB-HealthChecker/2.0".equals(req.getHeader("User-Agent"))) received.incrementAndGet();
                    if (delayMs < 0) return; // never answers
                    origins.setTimer(Math.max(1, delayMs), t -> req.response().end(name));
                });
        servers.add(s);
        return s.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).actualPort();
    }

    private int balancer(String algorithm, int... targetPorts) throws Exception { return lb.listener(algorithm, targetPorts); }

    private HttpResponse<String> get(int port) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void webSocketsPassThrough() throws Exception {
        int port = balancer("round_robin", origin("ws", 0));
        CompletableFuture<String> got = new CompletableFuture<>();
        WebSocket ws = http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + port + "/chat"), new WebSocket.Listener() {
            @Override
            public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                got.complete(data.toString());
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        ws.sendText("hello", true);
        assertThat(got.get(10, TimeUnit.SECONDS)).isEqualTo("ws:hello");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }

    @Test
    void leastOutstandingRequestsAvoidsTheBusyTarget() throws Exception {
        int port = balancer("least_outstanding_requests", origin("slow", 800), origin("fast", 1));
        List<CompletableFuture<HttpResponse<String>>> slowOnes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            slowOnes.add(http.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString()));
        }
        Thread.sleep(200);
        // one of the two is still in flight on "slow": every new request goes to "fast"
        for (int i = 0; i < 5; i++) assertThat(get(port).body()).isEqualTo("fast");
        assertThat(slowOnes.stream().map(f -> f.join().body()).toList()).contains("slow");
    }

    @Test
    void lbCookieStickinessPinsAClientToItsTarget() throws Exception {
        int port = balancer("round_robin", origin("one", 1), origin("two", 1));
        String tg = first(call("DescribeTargetGroups"), "TargetGroups", "TargetGroupArn");
        call("ModifyTargetGroupAttributes", "TargetGroupArn", tg, "Attributes.member.1.Key", "stickiness.enabled", "Attributes.member.1.Value", "true");
        HttpResponse<String> first = get(port);
        String cookie = first.headers().firstValue("set-cookie").orElseThrow();
        assertThat(cookie).startsWith("AWSALB=").contains("Max-Age=86400");
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .header("Cookie", cookie.substring(0, cookie.indexOf(';'))).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo(first.body());
        }
    }

    @Test
    void aDrainThatOutlivesTheDeregistrationDelayIsCut() throws Exception {
        int port = balancer("round_robin", origin("stuck", 5000));
        String tg = first(call("DescribeTargetGroups"), "TargetGroups", "TargetGroupArn");
        call("ModifyTargetGroupAttributes", "TargetGroupArn", tg, "Attributes.member.1.Key", "deregistration_delay.timeout_seconds", "Attributes.member.1.Value", "0");
        // a raw client: the JDK client would retry the cut GET by itself
        try (java.net.Socket client = new java.net.Socket("127.0.0.1", port)) {
            client.setSoTimeout(4000);
            client.getOutputStream().write("GET / HTTP/1.1\r\nHost: lb\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 100 && received.get() == 0; i++) Thread.sleep(50);
            assertThat(received.get()).isEqualTo(1);
            String targetPort = ((List<Map<String, Object>>) call("DescribeTargetHealth", "TargetGroupArn", tg).get("TargetHealthDescriptions")).stream()
                    .map(d -> String.valueOf(((Map<String, Object>) d.get("Target")).get("Port"))).findFirst().orElseThrow();
            long t0 = System.nanoTime();
            call("DeregisterTargets", "TargetGroupArn", tg, "Targets.member.1.Id", "127.0.0.1", "Targets.member.1.Port", targetPort);
            assertThat(client.getInputStream().read()).isEqualTo(-1);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        }
    }

    @Test
    void aTargetThatDoesNotAnswerGets504() throws Exception {
        int silent = balancer("round_robin", origin("silent", -1));
        HttpResponse<String> r = get(silent);
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(r.body()).contains("504 Gateway Time-out");
    }
}
