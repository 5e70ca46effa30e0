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

    @Test
    void httpsListenersServeTheirImportedCertificateAfterACrash(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        TestCertificates certs = new TestCertificates(dir).leaf("www", "www.example.test", 4242);
        io.dockyard.it.support.AwsCli aws = new io.dockyard.it.support.AwsCli(dockyard.endpoint());
        String cert = certs.importCertificate(aws, "www").get("CertificateArn").asText();
        int port = DockyardProcess.freePort();
        try (ElasticLoadBalancingV2Client elb = LbClients.elbv2(dockyard.endpoint())) {
            String lb = elb.createLoadBalancer(b -> b.name("tls-survivor")).loadBalancers().get(0).loadBalancerArn();
            elb.createListener(b -> b.loadBalancerArn(lb).protocol(ProtocolEnum.HTTPS).port(port).certificates(c -> c.certificateArn(cert))
                    .defaultActions(a -> a.type("fixed-response").fixedResponseConfig(f -> f.statusCode("200").messageBody("still secure"))));
        }
        assertThat(certs.curl("www.example.test", port, "/").out()).isEqualTo("still secure");
        dockyard.kill9();
        dockyard.start();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> "still secure".equals(certs.curl("www.example.test", port, "/").out()));
        assertThat(certs.servedSerial(port, "www.example.test")).isEqualTo(4242);
        aws = new io.dockyard.it.support.AwsCli(dockyard.endpoint());
        assertThat(aws.run("acm", "describe-certificate", "--certificate-arn", cert).ok().get("Certificate").get("Serial").asText()).isEqualTo("10:92");
    }
}
