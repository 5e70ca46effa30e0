package io.dockyard.it.security;

import io.dockyard.it.support.AgentProcess;
import io.dockyard.it.support.AwsCli;
import io.dockyard.it.support.Cmd;
import io.dockyard.it.support.DockyardProcess;
import io.dockyard.it.support.Sdk;
import io.dockyard.protocol.tls.Pem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsClient;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * HTTPS on the edge port (docs/security.md): the control plane alone ({@code dockyard server --tls on}; secure mode turns it on
 * by default, SecureModeIT runs everything else over it) with the certificate its own CA signs — the AWS CLI and the SDK for
 * Java trusting that CA get through, without it they fail on the certificate, plain HTTP is not served, a remote agent with
 * {@code --ca-bundle} joins, and the CA and certificate are the same after a kill -9 and a start on the same data directory —
 * and an operator's certificate and PKCS#1 key ({@code --tls-cert}/{@code --tls-key}, made here with openssl) served as given.
 */
class EdgeTlsIT {
    private static DockyardProcess edge;

    @BeforeAll
    static void start() {
        edge = DockyardProcess.controlPlaneOnly("--tls", "on", "--dns-address", "off").start();
    }

    @AfterAll
    static void stop() {
        if (edge != null) edge.close();
    }

    /** The certificate the server at 127.0.0.1:port shows (whatever it is: nothing is trusted or refused here). */
    private static X509Certificate served(int port) throws Exception {
        SSLContext any = SSLContext.getInstance("TLS");
        any.init(null, new TrustManager[] {new X509TrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] c, String a) {}
            @Override public void checkServerTrusted(X509Certificate[] c, String a) {}
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }}, null);
        try (SSLSocket s = (SSLSocket) any.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.startHandshake();
            assertThat(s.getSession().getProtocol()).isIn("TLSv1.3", "TLSv1.2");
            return (X509Certificate) s.getSession().getPeerCertificates()[0];
        }
    }

    private static String sha256(byte[] der) throws Exception { return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der)); }

    @Test
    void clientsTrustingTheCaGetThroughAndOthersFailOnTheCertificate() throws Exception {
        assertThat(edge.endpoint()).startsWith("https://");
        AwsCli cli = edge.cli();
        assertThat(cli.run("ecs", "create-cluster", "--cluster-name", "tls").ok().at("/cluster/status").asText()).isEqualTo("ACTIVE");
        assertThat(cli.v2().run("ecs", "list-clusters").ok().at("/clusterArns").toString()).contains("cluster/tls");
        assertThat(new AwsCli(edge.endpoint()).run("ecs", "list-clusters").stderr()).contains("SSL validation failed").contains("CERTIFICATE_VERIFY_FAILED");

        try (EcsClient trusting = EcsClient.builder().endpointOverride(URI.create(edge.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(Sdk.credentials()).httpClient(Sdk.trusting(edge.caFile())).build();
             EcsClient plain = EcsClient.builder().endpointOverride(URI.create(edge.endpoint())).region(Region.US_EAST_1)
                .credentialsProvider(Sdk.credentials()).httpClient(UrlConnectionHttpClient.create()).build()) {
            assertThat(trusting.describeClusters(r -> r.clusters("tls")).clusters().getFirst().clusterName()).isEqualTo("tls");
            assertThatThrownBy(plain::listClusters).isInstanceOf(SdkClientException.class).hasStackTraceContaining("SSLHandshakeException");
        }
        // the certificate covers the names a local client uses, and is the CA's
        X509Certificate leaf = served(edge.port());
        X509Certificate ca = Pem.certificates(edge.caFile()).getFirst();
        leaf.verify(ca.getPublicKey());
        List<String> names = leaf.getSubjectAlternativeNames().stream().map(n -> String.valueOf(n.get(1))).toList();
        assertThat(names).contains("localhost", "127.0.0.1");
        assertThat(Cmd.run(Map.of(), null, "curl", "-s", "--cacert", edge.caFile().toString(), "https://127.0.0.1:" + edge.port() + "/_dockyard/health").out())
                .contains("\"status\":\"ok\"");
    }

    @Test
    void urlsDockyardMakesFromItsAddressAreHttps() {
        AwsCli cli = edge.cli();
        String registry = "localhost:" + edge.port();
        assertThat(cli.run("ecr", "get-authorization-token").ok().at("/authorizationData/0/proxyEndpoint").asText()).isEqualTo("https://" + registry);
        assertThat(cli.run("sqs", "create-queue", "--queue-name", "tls-q").ok().at("/QueueUrl").asText()).startsWith("https://");
        String headers = Cmd.run(Map.of(), null, "curl", "-s", "-D", "-", "-o", "/dev/null", "--cacert", edge.caFile().toString(), "https://" + registry + "/v2/").out();
        assertThat(headers).contains("realm=\"https://" + registry + "/\"");
    }

    @Test
    void plainHttpIsNotServed() throws Exception {
        URI http = URI.create("http://127.0.0.1:" + edge.port() + "/_dockyard/health");
        assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(http).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(java.io.IOException.class);
        try (Socket s = new Socket("127.0.0.1", edge.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("GET /_dockyard/health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readNBytes(64), StandardCharsets.ISO_8859_1);
            assertThat(answer).doesNotContain("HTTP/1.1").doesNotContain("status");
        }
    }

    @Test
    void aRemoteAgentJoinsWithTheCaBundle() {
        AwsCli cli = edge.cli();
        cli.run("ecs", "create-cluster", "--cluster-name", "remote").ok();
        try (AgentProcess agent = AgentProcess.start(List.of(), "https://127.0.0.1:" + edge.port(), "remote", "tls-agent", 256, 256, "us-east-1a",
                List.of("--ca-bundle", edge.caFile().toString()))) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(cli.run("ecs", "list-container-instances", "--cluster", "remote").ok().at("/containerInstanceArns").size())
                            .as(agent.log()).isEqualTo(1));
        }
    }

    @Test
    void theCaAndTheCertificateOutliveACrash() throws Exception {
        byte[] ca = Files.readAllBytes(edge.caFile());
        String leaf = sha256(served(edge.port()).getEncoded());
        edge.kill9();
        edge.start();
        assertThat(Files.readAllBytes(edge.caFile())).isEqualTo(ca);
        assertThat(sha256(served(edge.port()).getEncoded())).isEqualTo(leaf);
        assertThat(edge.cli().run("ecs", "list-clusters").exitCode()).isZero();
        assertThat(edge.output()).anyMatch(l -> l.contains("--ca-bundle " + edge.caFile()));
    }

    @Test
    void anOperatorsCertificateAndKeyAreServedAsGiven() throws Exception {
        Path dir = Files.createTempDirectory("edge-tls-");
        Path cert = dir.resolve("cert.pem"), pkcs8 = dir.resolve("key8.pem"), pkcs1 = dir.resolve("key.pem");
        Cmd.run(Map.of(), null, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", pkcs8.toString(), "-out", cert.toString(),
                "-days", "2", "-subj", "/CN=edge-it.test/O=Operator", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1").ok();
        Cmd.run(Map.of(), null, "openssl", "pkey", "-in", pkcs8.toString(), "-traditional", "-out", pkcs1.toString()).ok();
        assertThat(Files.readString(pkcs1)).contains("BEGIN RSA PRIVATE KEY");
        X509Certificate given = Pem.certificates(cert).getFirst();
        try (DockyardProcess own = DockyardProcess.controlPlaneOnly("--tls", "on", "--tls-cert", cert.toString(), "--tls-key", pkcs1.toString(),
                "--dns-address", "off").start()) {
            X509Certificate shown = served(own.port());
            assertThat(shown.getSubjectX500Principal().getName()).contains("CN=edge-it.test");
            assertThat(sha256(shown.getEncoded())).isEqualTo(sha256(given.getEncoded()));
            assertThat(own.cli().run("ecs", "list-clusters").exitCode()).isZero();
            assertThat(Files.exists(own.dataDir().resolve("tls").resolve("ca.pem"))).as("no CA made when the operator gives the certificate").isFalse();
        }
    }
}
