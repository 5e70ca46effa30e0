package io.dockyard.loadbalancer.dataplane;

import io.dockyard.core.AwsException;
import io.dockyard.core.port.Kind;
import io.dockyard.core.port.ServerCertificates;
import io.vertx.core.Vertx;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTPS listeners over a stand-in for Certificate Manager: TLS terminated, SNI choice, the API's checks, re-import followed on the change feed. */
class HttpsListenerTest {
    /** A record of the certificates' kind: writing one is what a re-import looks like on the change feed. */
    record Touch(String arn) {}

    static final Kind<Touch> TOUCH = Kind.of(ServerCertificates.KIND, Touch.class, Touch::arn);
    static final String WWW = "arn:aws:acm:us-east-1:000000000000:certificate/www";
    static final String API = "arn:aws:acm:us-east-1:000000000000:certificate/api";

    private final Map<String, ServerCertificates.Served> certs = new ConcurrentHashMap<>();
    private final Vertx origins = Vertx.vertx();
    private final Balancer lb = new Balancer(Duration.ofSeconds(5), arn -> Optional.ofNullable(certs.get(arn)));

    @AfterEach
    void stop() throws Exception {
        lb.close();
        origins.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    static ServerCertificates.Served served(String arn, String host, long serial) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        KeyPair k = g.generateKeyPair();
        X500Name name = new X500Name("CN=" + host);
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(serial), Date.from(Instant.now().minusSeconds(60)),
                Date.from(Instant.now().plusSeconds(3600)), name, k.getPublic());
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, host)));
        X509Certificate c = new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(k.getPrivate())));
        return new ServerCertificates.Served(arn, k.getPrivate(), List.of(c), List.of(host));
    }

    /** GET / over TLS with this SNI name: the served certificate's serial and the response. */
    static String[] get(int port, String sni) throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new TrustManager[]{new X509TrustManager() {
            @Override public void checkClientTrusted(X509Certificate[] chain, String authType) {}
            @Override public void checkServerTrusted(X509Certificate[] chain, String authType) {}
            @Override public X509Certificate[] getAcceptedIssuers() { return new X509Certificate[0]; }
        }}, null);
        try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            SSLParameters p = s.getSSLParameters();
            if (sni != null) p.setServerNames(List.of(new SNIHostName(sni)));
            s.setSSLParameters(p);
            s.getOutputStream().write(("GET / HTTP/1.1\r\nHost: " + sni + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            BigInteger serial = ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
            return new String[]{serial.toString(), response};
        }
    }

    private String code(Runnable r) {
        try {
            r.run();
        } catch (AwsException e) {
            return e.code();
        }
        throw new AssertionError("no error");
    }

    @Test
    void terminatesTlsChoosesBySniAndFollowsReimports() throws Exception {
        certs.put(WWW, served(WWW, "www.a.test", 1));
        certs.put(API, served(API, "api.a.test", 2));
        int origin = origins.createHttpServer().requestHandler(r -> r.response().end("proto=" + r.getHeader("X-Forwarded-Proto")
                + " port=" + r.getHeader("X-Forwarded-Port"))).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS).actualPort();
        String alb = Balancer.first(lb.call("CreateLoadBalancer", "Name", "tls"), "LoadBalancers", "LoadBalancerArn");
        String tg = Balancer.first(lb.call("CreateTargetGroup", "Name", "tg", "Protocol", "HTTP", "Port", "80", "TargetType", "ip"), "TargetGroups", "TargetGroupArn");
        lb.call("RegisterTargets", "TargetGroupArn", tg, "Targets.member.1.Id", "127.0.0.1", "Targets.member.1.Port", Integer.toString(origin));
        int port = Balancer.freePort();
        String[] listener = {"LoadBalancerArn", alb, "Protocol", "HTTPS", "Port", Integer.toString(port),
                "DefaultActions.member.1.Type", "forward", "DefaultActions.member.1.TargetGroupArn", tg};

        assertThat(code(() -> lb.call("CreateListener", listener))).isEqualTo("ValidationError");
        assertThat(code(() -> lb.call("CreateListener", concat(listener, "Certificates.member.1.CertificateArn", WWW + "x")))).isEqualTo("CertificateNotFound");
        assertThat(code(() -> lb.call("CreateListener", concat(listener, "Certificates.member.1.CertificateArn", WWW, "SslPolicy", "nope"))))
                .isEqualTo("SSLPolicyNotFound");
        Map<String, Object> created = lb.call("CreateListener", concat(listener, "Certificates.member.1.CertificateArn", WWW));
        String arn = Balancer.first(created, "Listeners", "ListenerArn");
        assertThat(Balancer.first(created, "Listeners", "SslPolicy")).isEqualTo("ELBSecurityPolicy-2016-08");

        String[] www = get(port, "www.a.test");
        assertThat(www[0]).isEqualTo("1");
        assertThat(www[1]).startsWith("HTTP/1.1 200").endsWith("proto=https port=" + port);
        assertThat(get(port, "api.a.test")[0]).as("not added yet: the default").isEqualTo("1");

        lb.call("AddListenerCertificates", "ListenerArn", arn, "Certificates.member.1.CertificateArn", API);
        assertThat(get(port, "api.a.test")[0]).isEqualTo("2");
        assertThat(get(port, null)[0]).isEqualTo("1");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listed = (List<Map<String, Object>>) lb.call("DescribeListenerCertificates", "ListenerArn", arn).get("Certificates");
        assertThat(listed).extracting(m -> m.get("CertificateArn") + "=" + m.get("IsDefault")).containsExactly(WWW + "=true", API + "=false");
        assertThat(code(() -> lb.call("RemoveListenerCertificates", "ListenerArn", arn, "Certificates.member.1.CertificateArn", WWW)))
                .isEqualTo("OperationNotPermitted");

        certs.put(API, served(API, "api.a.test", 3));
        assertThat(get(port, "api.a.test")[0]).as("cached until the store says it changed").isEqualTo("2");
        lb.store.put(TOUCH, new Touch(API));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!get(port, "api.a.test")[0].equals("3") && System.nanoTime() < deadline) Thread.sleep(20);
        assertThat(get(port, "api.a.test")[0]).isEqualTo("3");

        lb.call("ModifyListener", "ListenerArn", arn, "Certificates.member.1.CertificateArn", API);
        assertThat(get(port, null)[0]).as("the new default").isEqualTo("3");
        lb.call("ModifyListener", "ListenerArn", arn, "Protocol", "HTTP");
        assertThat((List<?>) lb.call("DescribeListenerCertificates", "ListenerArn", arn).get("Certificates")).isEmpty();
    }

    @Test
    void redirectsKeepTheHttpsProtocol() throws Exception {
        certs.put(WWW, served(WWW, "www.a.test", 1));
        String alb = Balancer.first(lb.call("CreateLoadBalancer", "Name", "redirect"), "LoadBalancers", "LoadBalancerArn");
        int port = Balancer.freePort();
        lb.call("CreateListener", "LoadBalancerArn", alb, "Protocol", "HTTPS", "Port", Integer.toString(port), "Certificates.member.1.CertificateArn", WWW,
                "DefaultActions.member.1.Type", "redirect", "DefaultActions.member.1.RedirectConfig.Path", "/moved",
                "DefaultActions.member.1.RedirectConfig.StatusCode", "HTTP_302");
        assertThat(get(port, "www.a.test")[1]).startsWith("HTTP/1.1 302").contains("Location: https://www.a.test:" + port + "/moved");
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
