package io.dockyard.it.lb;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Cmd;
import io.dockyard.it.support.DockyardExtension;
import io.dockyard.it.support.DockyardProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Certificate;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * HTTPS listeners with certificates imported into Certificate Manager by the real AWS CLI ({@code fileb://} PEM files
 * made by openssl: a CA and leaves it signs), in front of a real busybox httpd container; curl and a JDK TLS socket
 * check what is served: the default certificate, another one chosen by SNI, a re-imported one without a restart.
 */
class HttpsListenerIT {
    @RegisterExtension
    static DockyardExtension dockyard = new DockyardExtension();

    @TempDir
    static Path dir;

    private static final Backends backends = new Backends();

    private static TestCertificates certs;

    @BeforeAll
    static void certificates() {
        certs = new TestCertificates(dir).leaf("www", "www.example.test", 1001).leaf("api", "api.example.test", 2002).leaf("www2", "www.example.test", 3003);
    }

    @AfterAll
    static void removeContainers() { backends.close(); }

    private static String f(String name) { return certs.f(name); }

    private static JsonNode importCertificate(AwsCli aws, String name, String... more) { return certs.importCertificate(aws, name, more); }

    private static Cmd.Result curl(String host, int port, String path) { return certs.curl(host, port, path); }

    private static long servedSerial(int port, String sni) throws Exception { return certs.servedSerial(port, sni); }

    private static int freePort() {
        try {
            return DockyardProcess.freePort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void servesImportedCertificatesBySniAndPicksUpAReimport() throws Exception {
        AwsCli aws = dockyard.cli();
        String www = importCertificate(aws, "www").get("CertificateArn").asText();
        JsonNode described = aws.run("acm", "describe-certificate", "--certificate-arn", www).ok().get("Certificate");
        assertThat(described.get("DomainName").asText()).isEqualTo("www.example.test");
        assertThat(described.get("Status").asText()).isEqualTo("ISSUED");
        assertThat(described.get("Type").asText()).isEqualTo("IMPORTED");
        assertThat(described.get("Serial").asText()).isEqualTo("03:e9");
        assertThat(described.get("KeyAlgorithm").asText()).isEqualTo("RSA_2048");
        assertThat(described.get("Issuer").asText()).isEqualTo("Dockyard IT");
        assertThat(described.get("InUseBy")).isEmpty();
        String api = importCertificate(aws, "api").get("CertificateArn").asText();

        var alpha = backends.start("https-alpha");
        try (ElasticLoadBalancingV2Client elb = LbClients.elbv2(dockyard.endpoint())) {
            String tg = elb.createTargetGroup(b -> b.name("https").protocol(ProtocolEnum.HTTP).port(80).targetType("ip").healthCheckIntervalSeconds(5)
                    .healthCheckTimeoutSeconds(2).healthyThresholdCount(2)).targetGroups().get(0).targetGroupArn();
            elb.registerTargets(b -> b.targetGroupArn(tg).targets(t -> t.id("127.0.0.1").port(alpha.port())));
            String lb = elb.createLoadBalancer(b -> b.name("https")).loadBalancers().get(0).loadBalancerArn();
            int port = freePort();

            assertThatThrownBy(() -> elb.createListener(r -> r.loadBalancerArn(lb).protocol(ProtocolEnum.HTTPS).port(port)
                    .defaultActions(x -> x.type("forward").targetGroupArn(tg))))
                    .isInstanceOfSatisfying(ElasticLoadBalancingV2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError"));
            assertThatThrownBy(() -> elb.createListener(r -> r.loadBalancerArn(lb).protocol(ProtocolEnum.HTTPS).port(port)
                    .certificates(c -> c.certificateArn(www.replaceAll(".{4}$", "0000"))).defaultActions(x -> x.type("forward").targetGroupArn(tg))))
                    .isInstanceOfSatisfying(ElasticLoadBalancingV2Exception.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("CertificateNotFound"));

            Listener listener = elb.createListener(r -> r.loadBalancerArn(lb).protocol(ProtocolEnum.HTTPS).port(port)
                    .certificates(c -> c.certificateArn(www)).defaultActions(x -> x.type("forward").targetGroupArn(tg))).listeners().get(0);
            assertThat(listener.sslPolicy()).isEqualTo("ELBSecurityPolicy-2016-08");
            assertThat(listener.certificates()).extracting(Certificate::certificateArn).containsExactly(www);
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250)).until(() ->
                    elb.describeTargetHealth(r -> r.targetGroupArn(tg)).targetHealthDescriptions().get(0).targetHealth().stateAsString().equals("healthy"));

            Cmd.Result page = curl("www.example.test", port, "/");
            assertThat(page.exit()).as(page.err()).isZero();
            assertThat(page.out().trim()).isEqualTo("https-alpha");
            assertThat(curl("www.example.test", port, "/cgi-bin/slow").out()).contains("proto=https port=" + port + " host=www.example.test:" + port);
            assertThat(curl("api.example.test", port, "/").exit()).as("the default certificate does not cover api.example.test").isNotZero();
            assertThat(servedSerial(port, "www.example.test")).isEqualTo(1001);
            assertThat(servedSerial(port, null)).isEqualTo(1001);

            aws.run("elbv2", "add-listener-certificates", "--listener-arn", listener.listenerArn(), "--certificates", "CertificateArn=" + api).ok();
            JsonNode certs = aws.run("elbv2", "describe-listener-certificates", "--listener-arn", listener.listenerArn()).ok().get("Certificates");
            assertThat(certs).hasSize(2);
            assertThat(certs.get(0).get("CertificateArn").asText()).isEqualTo(www);
            assertThat(certs.get(0).get("IsDefault").asBoolean()).isTrue();
            assertThat(certs.get(1).get("IsDefault").asBoolean()).isFalse();
            await().atMost(Duration.ofSeconds(5)).until(() -> servedSerial(port, "api.example.test") == 2002);
            assertThat(curl("api.example.test", port, "/").out().trim()).isEqualTo("https-alpha");
            assertThat(servedSerial(port, "www.example.test")).isEqualTo(1001);
            assertThat(servedSerial(port, "other.example.test")).as("no match: the default certificate").isEqualTo(1001);

            AwsCli.Result inUse = aws.run("acm", "delete-certificate", "--certificate-arn", www);
            assertThat(inUse.exitCode()).isNotZero();
            assertThat(inUse.stderr()).contains("ResourceInUseException");
            assertThat(aws.run("acm", "describe-certificate", "--certificate-arn", www).ok().get("Certificate").get("InUseBy").get(0).asText()).isEqualTo(lb);

            assertThat(importCertificate(aws, "www2", "--certificate-arn", www).get("CertificateArn").asText()).isEqualTo(www);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).until(() -> servedSerial(port, "www.example.test") == 3003);
            assertThat(curl("www.example.test", port, "/").out().trim()).isEqualTo("https-alpha");

            aws.run("elbv2", "remove-listener-certificates", "--listener-arn", listener.listenerArn(), "--certificates", "CertificateArn=" + api).ok();
            aws.run("acm", "delete-certificate", "--certificate-arn", api).ok();
            AwsCli.Result gone = aws.run("acm", "describe-certificate", "--certificate-arn", api);
            assertThat(gone.stderr()).contains("ResourceNotFoundException");
        }
    }

    @Test
    void refusesAKeyThatDoesNotMatchAndListsTheImports() {
        AwsCli aws = dockyard.cli();
        AwsCli.Result wrong = aws.run("acm", "import-certificate", "--certificate", "fileb://" + f("www.pem"), "--private-key", "fileb://" + f("api.key"));
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.stderr()).contains("ValidationException").contains("private key does not match");
        String arn = importCertificate(aws, "api", "--tags", "Key=team,Value=web").get("CertificateArn").asText();
        JsonNode list = aws.run("acm", "list-certificates").ok().get("CertificateSummaryList");
        assertThat(list).hasSize(1);
        assertThat(list.get(0).get("CertificateArn").asText()).isEqualTo(arn);
        assertThat(list.get(0).get("DomainName").asText()).isEqualTo("api.example.test");
        assertThat(aws.run("acm", "list-tags-for-certificate", "--certificate-arn", arn).ok().get("Tags").get(0).get("Value").asText()).isEqualTo("web");
        JsonNode got = aws.run("acm", "get-certificate", "--certificate-arn", arn).ok();
        assertThat(got.get("Certificate").asText()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(aws.run("elbv2", "describe-ssl-policies", "--names", "ELBSecurityPolicy-TLS13-1-2-2021-06").ok().get("SslPolicies").get(0)
                .get("SslProtocols").toString()).contains("TLSv1.3");
    }
}
