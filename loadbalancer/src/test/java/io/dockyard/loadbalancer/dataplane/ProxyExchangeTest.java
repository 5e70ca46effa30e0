package io.dockyard.loadbalancer.dataplane;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** HTTP/1.1 exchanges through an ALB listener, byte for byte, against a scripted raw origin. */
class ProxyExchangeTest {
    private final Balancer lb = new Balancer(Duration.ofSeconds(2));
    private RawOrigin origin;

    @AfterEach
    void stop() throws IOException {
        lb.close();
        if (origin != null) origin.close();
    }

    @AfterAll
    static void noBufferLeaked() throws InterruptedException {
        assertThat(RecordingLeakDetector.collect()).as("buffers never released").isEmpty();
    }

    /** A response as the client read it. */
    record Response(int status, String head, byte[] body) {
        String text() { return new String(body, StandardCharsets.ISO_8859_1); }
    }

    /** A raw client connection to the listener. */
    static final class Client implements AutoCloseable {
        final Socket s;
        final InputStream in;
        final OutputStream out;

        Client(int port) throws IOException {
            s = new Socket("127.0.0.1", port);
            s.setSoTimeout(10_000);
            in = s.getInputStream();
            out = s.getOutputStream();
        }

        Client send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return this;
        }

        Response read(boolean headRequest) throws IOException {
            String head = RawOrigin.readHead(in);
            assertThat(head).as("a response head").isNotNull();
            int status = Integer.parseInt(head.substring(9, 12));
            String lower = head.toLowerCase();
            byte[] body;
            if (headRequest || status == 204 || status == 304 || status < 200) body = new byte[0];
            else if (lower.contains("transfer-encoding: chunked") || lower.contains("content-length:")) body = RawOrigin.readBody(in, head);
            else body = in.readAllBytes();
            return new Response(status, head, body);
        }

        Response read() throws IOException { return read(false); }

        boolean closedByPeer() throws IOException { return in.read() == -1; }

        @Override
        public void close() throws IOException { s.close(); }
    }

    private int listener(RawOrigin.Script script) throws Exception {
        origin = new RawOrigin(script);
        return lb.listener("round_robin", origin.port());
    }

    /** What the origin got through the listener (not the health checker's probes). */
    private java.util.List<RawOrigin.Request> proxied() {
        return origin.requests.stream().filter(r -> r.head().contains("X-Forwarded-For")).toList();
    }

    private static boolean ok(RawOrigin.Request r, OutputStream out, String body) throws IOException {
        RawOrigin.write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
        return true;
    }

    @Test
    void setsXForwardedHeadersAndDropsHopByHopOnes() throws Exception {
        int port = listener((r, out, s) -> ok(r, out, "hi"));
        try (Client c = new Client(port)) {
            Response resp = c.send("GET /a/b?x=1 HTTP/1.1\r\nHost: shop.example\r\nX-Forwarded-For: 10.1.2.3\r\nX-Forwarded-Proto: https\r\n"
                    + "Connection: keep-alive\r\nKeep-Alive: timeout=5\r\nX-Custom: kept\r\n\r\n").read();
            assertThat(resp.status()).isEqualTo(200);
            assertThat(resp.text()).isEqualTo("hi");
        }
        String head = proxied().get(0).head();
        assertThat(head).startsWith("GET /a/b?x=1 HTTP/1.1\r\n").contains("Host: shop.example\r\n", "X-Custom: kept\r\n",
                "X-Forwarded-For: 10.1.2.3, 127.0.0.1\r\n", "X-Forwarded-Proto: http\r\n", "X-Forwarded-Port: ");
        assertThat(head).doesNotContain("https", "Connection:", "Keep-Alive:");
    }

    @Test
    void chunkedBodiesPassThroughBothWaysEvenInSmallPieces() throws Exception {
        int port = listener((r, out, s) -> {
            byte[] b = r.body();
            RawOrigin.write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < b.length; i += 7) {
                int n = Math.min(7, b.length - i);
                RawOrigin.write(out, Integer.toHexString(n) + ";ext=1\r\n");
                out.write(b, i, n);
                RawOrigin.write(out, "\r\n");
                out.flush();
            }
            RawOrigin.write(out, "0\r\nX-Trailer: yes\r\n\r\n");
            return true;
        });
        String chunked = "5\r\nhello\r\n1;name=v\r\n,\r\n6\r\n world\r\n0\r\nX-Sum: 1\r\n\r\n";
        try (Client c = new Client(port)) {
            c.send("POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < chunked.length(); i += 3) {
                c.send(chunked.substring(i, Math.min(chunked.length(), i + 3)));
                Thread.sleep(2);
            }
            Response resp = c.read();
            assertThat(resp.head()).contains("Transfer-Encoding: chunked");
            assertThat(resp.text()).isEqualTo("hello, world");
            // the connection is still usable afterwards
            assertThat(c.send("POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc").read().text()).isEqualTo("abc");
        }
        assertThat(new String(proxied().get(0).body(), StandardCharsets.ISO_8859_1)).isEqualTo("hello, world");
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderOverOnePooledTargetConnection() throws Exception {
        int port = listener((r, out, s) -> ok(r, out, r.path()));
        try (Client c = new Client(port)) {
            c.send("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nGET /3 HTTP/1.1\r\nHost: a\r\n\r\n");
            assertThat(c.read().text()).isEqualTo("/1");
            assertThat(c.read().text()).isEqualTo("/2");
            assertThat(c.read().text()).isEqualTo("/3");
            for (int i = 4; i <= 6; i++) assertThat(c.send("GET /" + i + " HTTP/1.1\r\nHost: a\r\n\r\n").read().text()).isEqualTo("/" + i);
        }
        assertThat(proxied()).hasSize(6);
        assertThat(proxied().stream().map(RawOrigin.Request::connection).distinct()).hasSize(1);
    }

    @Test
    void aPooledConnectionTheTargetClosedIsReplacedWithoutAnError() throws Exception {
        int port = listener((r, out, s) -> {
            ok(r, out, "once");
            out.flush();
            return false; // closes without saying so
        });
        try (Client c = new Client(port)) {
            for (int i = 0; i < 4; i++) {
                Response resp = c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read();
                assertThat(resp.status()).isEqualTo(200);
                Thread.sleep(50);
            }
        }
        assertThat(proxied()).hasSize(4);
    }

    @Test
    void headAndNoContentResponsesHaveNoBody() throws Exception {
        int port = listener((r, out, s) -> {
            if (r.head().startsWith("HEAD")) RawOrigin.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n");
            else if (r.path().equals("/204")) RawOrigin.write(out, "HTTP/1.1 204 No Content\r\n\r\n");
            else ok(r, out, "after");
            return true;
        });
        try (Client c = new Client(port)) {
            Response head = c.send("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n").read(true);
            assertThat(head.head()).contains("Content-Length: 100");
            assertThat(c.send("GET /204 HTTP/1.1\r\nHost: a\r\n\r\n").read().status()).isEqualTo(204);
            assertThat(c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().text()).isEqualTo("after");
        }
    }

    @Test
    void aResponseDelimitedByCloseEndsTheClientConnectionToo() throws Exception {
        int port = listener((r, out, s) -> {
            RawOrigin.write(out, "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end");
            return false;
        });
        try (Client c = new Client(port)) {
            Response resp = c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read();
            assertThat(resp.text()).isEqualTo("until the end");
        }
    }

    @Test
    void targetsClosingAfterEachResponseDoNotCloseTheClientConnection() throws Exception {
        int port = listener((r, out, s) -> {
            RawOrigin.write(out, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok");
            return false;
        });
        try (Client c = new Client(port)) {
            for (int i = 0; i < 3; i++) {
                Response resp = c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read();
                assertThat(resp.text()).isEqualTo("ok");
                assertThat(resp.head()).doesNotContain("Connection: close");
            }
        }
        assertThat(proxied().stream().map(RawOrigin.Request::connection).distinct()).hasSize(3);
    }

    @Test
    void aClientAskingToCloseGetsItsAnswerThenTheClose() throws Exception {
        int port = listener((r, out, s) -> ok(r, out, "bye"));
        try (Client c = new Client(port)) {
            assertThat(c.send("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").read().text()).isEqualTo("bye");
            assertThat(c.closedByPeer()).isTrue();
        }
    }

    @Test
    void largeBodiesStreamBothWays() throws Exception {
        int port = listener((r, out, s) -> {
            RawOrigin.write(out, "HTTP/1.1 200 OK\r\nContent-Length: " + r.body().length + "\r\n\r\n");
            out.write(r.body());
            return true;
        });
        byte[] data = new byte[8 << 20];
        new Random(3).nextBytes(data);
        try (Client c = new Client(port)) {
            c.send("PUT /big HTTP/1.1\r\nHost: a\r\nContent-Length: " + data.length + "\r\n\r\n");
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    c.out.write(data);
                    c.out.flush();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            Response resp = c.read();
            writer.join();
            assertThat(resp.body().length).isEqualTo(data.length);
            assertThat(MessageDigest.getInstance("SHA-256").digest(resp.body())).isEqualTo(MessageDigest.getInstance("SHA-256").digest(data));
        }
    }

    @Test
    void expectContinueGetsTheTargetsInterimResponse() throws Exception {
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0, 5, java.net.InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = ss.accept()) {
                    String head = RawOrigin.readHead(s.getInputStream());
                    RawOrigin.write(s.getOutputStream(), "HTTP/1.1 100 Continue\r\n\r\n");
                    s.getOutputStream().flush();
                    byte[] body = RawOrigin.readBody(s.getInputStream(), head);
                    String answer = (head.contains("Expect: 100-continue") ? "expected " : "unexpected ") + body.length;
                    RawOrigin.write(s.getOutputStream(), "HTTP/1.1 200 OK\r\nContent-Length: " + answer.length() + "\r\n\r\n" + answer);
                    s.getOutputStream().flush();
                    s.getInputStream().read();
                } catch (IOException e) {
                    // the test is over
                }
            });
            int port = lb.listener("round_robin", ss.getLocalPort());
            try (Client c = new Client(port)) {
                Response interim = c.send("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n").read();
                assertThat(interim.status()).isEqualTo(100);
                Response done = c.send("12345").read();
                assertThat(done.status()).isEqualTo(200);
                assertThat(done.text()).isEqualTo("expected 5");
            }
        }
    }

    @Test
    void malformedRequestsGet400AndAClose() throws Exception {
        int port = listener((r, out, s) -> ok(r, out, "never"));
        for (String bad : new String[] {
                "GET / HTTP/1.1\r\nHost : a\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n",
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
                "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n",
                "get / HTTP/1.1\r\n\r\n",
                "GET / HTTP/9.9\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: a\r\n folded\r\n\r\n"}) {
            try (Client c = new Client(port)) {
                Response resp = c.send(bad).read();
                assertThat(resp.status()).as(bad).isEqualTo(400);
                assertThat(resp.head()).contains("Server: awselb/2.0");
                assertThat(c.closedByPeer()).isTrue();
            }
        }
        assertThat(proxied()).isEmpty();
    }

    @Test
    void aTargetSpeakingSomethingElseGets502() throws Exception {
        int port = listener((r, out, s) -> {
            RawOrigin.write(out, "SSH-2.0-OpenSSH\r\n\r\n");
            return false;
        });
        try (Client c = new Client(port)) {
            Response resp = c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read();
            assertThat(resp.status()).isEqualTo(502);
            assertThat(resp.text()).contains("502 Bad Gateway");
        }
    }

    @Test
    void anUnreachableTargetGets502AndTheClientConnectionStaysUsable() throws Exception {
        int dead = Balancer.freePort();
        int port = lb.listener("round_robin", dead);
        try (Client c = new Client(port)) {
            assertThat(c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().status()).isEqualTo(502);
            assertThat(c.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n").read().status()).isEqualTo(502);
        }
    }
}
