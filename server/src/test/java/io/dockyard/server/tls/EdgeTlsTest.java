package io.dockyard.server.tls;

import io.dockyard.protocol.tls.ClientTrust;
import io.dockyard.protocol.tls.Pem;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EdgeTlsTest {

    @Test
    void settingsSayWhenTheEdgeServesHttps() {
        assertThat(EdgeTls.Settings.AUTO.enabled(true)).isTrue();
        assertThat(EdgeTls.Settings.AUTO.enabled(false)).isFalse();
        assertThat(new EdgeTls.Settings("OFF", null, null, null).enabled(true)).isFalse();
        assertThat(new EdgeTls.Settings("on", null, null, List.of("", "a.test")).enabled(false)).isTrue();
        assertThat(new EdgeTls.Settings("on", null, null, List.of("", "a.test")).extraNames()).containsExactly("a.test");
        assertThatThrownBy(() -> new EdgeTls.Settings("yes", null, null, null)).hasMessageContaining("auto, on or off");
        assertThatThrownBy(() -> new EdgeTls.Settings("on", Path.of("c.pem"), null, null)).hasMessageContaining("go together");
    }

    @Test
    void servesTheGeneratedCertificateToClientsTrustingTheCaOrPinningIt(@TempDir Path data) throws Exception {
        EdgeTls tls = EdgeTls.of(EdgeTls.Settings.AUTO, data, "127.0.0.1", Clock.systemUTC());
        assertThat(tls.caFile()).isEqualTo(data.resolve("tls/ca.pem")).isEqualTo(tls.caBundle());
        Server server = new Server();
        ServerConnector connector = tls.connector(server, new HttpConfiguration());
        connector.setHost("0.0.0.0");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                Response.writeError(request, response, callback, request.isSecure() ? 204 : 500);
                return true;
            }
        });
        server.start();
        try {
            int port = connector.getLocalPort();
            HttpRequest get = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/")).build();
            HttpClient byCa = HttpClient.newBuilder().sslContext(ClientTrust.bundle(tls.caFile())).build();
            assertThat(byCa.send(get, HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
            // the embedded agent's trust: exactly this certificate, whatever the name (127.0.0.2 is not in it)
            HttpClient pinned = HttpClient.newBuilder().sslContext(ClientTrust.pinned(tls.served())).build();
            assertThat(pinned.send(HttpRequest.newBuilder(URI.create("https://127.0.0.2:" + port + "/")).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode()).isEqualTo(204);
            EdgeTls other = EdgeTls.of(EdgeTls.Settings.AUTO, data.resolve("other"), "127.0.0.1", Clock.systemUTC());
            HttpClient wrongPin = HttpClient.newBuilder().sslContext(ClientTrust.pinned(other.served())).build();
            assertThatThrownBy(() -> wrongPin.send(get, HttpResponse.BodyHandlers.discarding())).isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
            assertThatThrownBy(() -> HttpClient.newHttpClient().send(get, HttpResponse.BodyHandlers.discarding()))
                    .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        } finally {
            server.stop();
        }
    }

    @Test
    void anOperatorsKeyMustBeItsCertificatesKey(@TempDir Path dir) throws Exception {
        CertificateAuthority a = CertificateAuthority.open(dir.resolve("a"), Clock.systemUTC());
        CertificateAuthority b = CertificateAuthority.open(dir.resolve("b"), Clock.systemUTC());
        CertificateAuthority.Issued issued = a.serverCertificate(List.of("edge.test"));
        Path cert = Files.writeString(dir.resolve("cert.pem"), Pem.encode(issued.chain().toArray()));
        Path key = Files.writeString(dir.resolve("key.pem"), Pem.encode(issued.key()));
        Path foreign = Files.writeString(dir.resolve("foreign.pem"), Pem.encode(b.serverCertificate(List.of("x.test")).key()));
        EdgeTls given = EdgeTls.of(new EdgeTls.Settings("on", cert, key, null), dir, "0.0.0.0", Clock.systemUTC());
        assertThat(given.served()).isEqualTo(issued.chain().getFirst());
        assertThat(given.caFile()).isNull();
        assertThat(given.caBundle()).isEqualTo(cert);
        assertThat(Files.exists(dir.resolve("tls"))).isFalse();
        assertThatThrownBy(() -> EdgeTls.of(new EdgeTls.Settings("on", cert, foreign, null), dir, "0.0.0.0", Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not the key of the first certificate");
    }
}
