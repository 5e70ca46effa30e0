package io.dockyard.protocol;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Http#body}: a body arrives whole and byte for byte whether its length is declared, unknown (chunked) or
 * gzip-compressed, at sizes around the edges of the buffers it is read in, and one byte over the cap is a 413.
 */
class HttpBodyTest {
    private static final String SIGNED = "AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=0";
    private static final long CAP = 300_000;
    private static Server server;
    private static URI uri;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        Handler digest = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                try {
                    byte[] body = Http.body(request);
                    Http.send(response, callback, 200, "text/plain", (body.length + " " + sha256(body)).getBytes(StandardCharsets.UTF_8));
                } catch (io.dockyard.core.AwsException e) {
                    Http.send(response, callback, e.status(), "text/plain", e.code().getBytes(StandardCharsets.UTF_8));
                }
                return true;
            }
        };
        int port = LoopbackServer.start(server, new EdgeGuard(new EdgePolicy(Set.of(), Set.of(), CAP, CAP, Map.of(), true), Set.of(), digest));
        uri = URI.create("http://127.0.0.1:" + port + "/");
    }

    @AfterAll
    static void stop() throws Exception { server.stop(); }

    static String sha256(byte[] b) throws Exception { return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)); }

    static HttpResponse<String> post(HttpRequest.BodyPublisher body, String encoding) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(uri).header("Authorization", SIGNED).header("X-Amz-Target", "S.Op").POST(body);
        if (encoding != null) r.header("Content-Encoding", encoding);
        return http.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void declaredAndChunkedBodiesArriveWholeAtEverySizeAroundThePieces() throws Exception {
        for (int n : new int[] {0, 1, 65_535, 65_536, 65_537, 131_072, 200_001, (int) CAP}) {
            byte[] body = random(n);
            String expected = n + " " + sha256(body);
            assertThat(post(HttpRequest.BodyPublishers.ofByteArray(body), null).body()).as("declared %d", n).isEqualTo(expected);
            // an InputStream publisher has no length: the client sends it chunked
            assertThat(post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)), null).body()).as("chunked %d", n).isEqualTo(expected);
        }
    }

    @Test
    void oneByteOverTheCapIs413DeclaredOrChunked() throws Exception {
        byte[] body = random((int) CAP + 1);
        assertThat(post(HttpRequest.BodyPublishers.ofByteArray(body), null).statusCode()).isEqualTo(413);
        assertThat(post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)), null).statusCode()).isEqualTo(413);
    }

    @Test
    void gzipBodiesAreInflatedWholeUpToTheCap() throws Exception {
        byte[] plain = ("{\"MetricData\":[" + "{\"MetricName\":\"m\",\"Value\":1},".repeat(7_000) + "{}]}").getBytes(StandardCharsets.UTF_8);
        assertThat(plain.length).isBetween(150_000, (int) CAP);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) { out.write(plain); }
        assertThat(post(HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray()), "gzip").body()).isEqualTo(plain.length + " " + sha256(plain));

        byte[] bomb = new byte[(int) CAP * 4];
        ByteArrayOutputStream gzBomb = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gzBomb)) { out.write(bomb); }
        assertThat(post(HttpRequest.BodyPublishers.ofByteArray(gzBomb.toByteArray()), "gzip").statusCode()).isEqualTo(413);
    }
}
