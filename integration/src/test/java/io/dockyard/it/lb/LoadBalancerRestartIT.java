package io.dockyard.it.lb;

import io.dockyard.it.support.Docker;
import io.dockyard.it.support.DockyardProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A crashed Dockyard binds its stored listeners again when it starts on the same state. */
class LoadBalancerRestartIT {
    private static DockyardProcess dockyard;

    @BeforeAll
    static void start() {
        Docker.ensureTestImage();
        dockyard = new DockyardProcess("--dns-address", "off").start();
    }

    @AfterAll
    static void stop() { if (dockyard != null) dockyard.close(); }

    private static String get(int port) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(3)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (Exception e) {
            return "down";
        }
    }

    @Test
    void listenersAreBoundAgainAfterACrash() throws Exception {
        int port = DockyardProcess.freePort();
        try (ElasticLoadBalancingV2Client elb = LbClients.elbv2(dockyard.endpoint())) {
            String lb = elb.createLoadBalancer(b -> b.name("survivor")).loadBalancers().get(0).loadBalancerArn();
            elb.createListener(b -> b.loadBalancerArn(lb).protocol(ProtocolEnum.HTTP).port(port)
                    .defaultActions(a -> a.type("fixed-response").fixedResponseConfig(f -> f.statusCode("200").messageBody("still here"))));
        }
        assertThat(get(port)).isEqualTo("200 still here");
        dockyard.kill9();
        assertThat(get(port)).isEqualTo("down");
        dockyard.start();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> get(port).equals("200 still here"));
        try (ElasticLoadBalancingV2Client elb = LbClients.elbv2(dockyard.endpoint())) {
            assertThat(elb.describeLoadBalancers(b -> b.names("survivor")).loadBalancers().get(0).state().codeAsString()).isEqualTo("active");
        }
    }
}
