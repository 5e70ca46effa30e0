package io.dockyard.protocol;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The edge's checks on a real Jetty connector, with raw requests (a browser's, a CLI's). */
class EdgeGuardTest {
    private static final String SIGNED = "Authorization: AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host, Signature=0\r\n";
    private static Server server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        server = new Server();
        Handler echo = new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                byte[] body;
                try {
                    body = Http.body(request);
                } catch (io.dockyard.core.AwsException e) {
                    Http.send(response, callback, e.status(), "application/json", Json.write(JsonProtocolHandler.error(e.code(), e.getMessage())).getBytes(StandardCharsets.UTF_8));
                    return true;
                }
                Http.send(response, callback, 200, "text/plain", (Family.of(request) + " " + body.length).getBytes(StandardCharsets.UTF_8));
                return true;
            }
        };
        EdgePolicy policy = new EdgePolicy(Set.of("dockyard.internal:4566"), Set.of("https://console.example"), 1000, 1000, Map.of("Big", 5000L), true);
        server.setErrorHandler(new EdgeErrors(Set.of("elasticloadbalancing")));
        port = LoopbackServer.start(server, new EdgeGuard(policy, Set.of("elasticloadbalancing"), echo));
    }

    @AfterAll
    static void stop() throws Exception { server.stop(); }

    @Test
    void localAndConfiguredHostsPassRebindingNamesDoNot() throws IOException {
        for (String host : new String[] {"localhost:4566", "127.0.0.1", "[::1]:4566", "dockyard.internal:4566", "10.1.2.3:4566", "a.localhost"}) {
            assertThat(send("POST / HTTP/1.1\r\nHost: " + host + "\r\n" + SIGNED + "X-Amz-Target: S.Op\r\nContent-Length: 2\r\n\r\n{}")).startsWith("HTTP/1.1 200");
        }
        String refused = send("POST / HTTP/1.1\r\nHost: evil.example:4566\r\n" + SIGNED + "X-Amz-Target: S.Op\r\nContent-Length: 2\r\n\r\n{}");
        assertThat(refused).startsWith("HTTP/1.1 403").contains("\"__type\":\"AccessDeniedException\"").contains("evil.example");
    }

    @Test
    void unsignedApiRequestsAreRefusedInTheirProtocolsShape() throws IOException {
        assertThat(send("POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: S.Op\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n{}"))
                .startsWith("HTTP/1.1 403").contains("{\"__type\":\"MissingAuthenticationTokenException\",\"message\":\"Missing Authentication Token\"}");
        assertThat(send("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 14\r\n\r\nAction=X&a=b&c"))
                .startsWith("HTTP/1.1 403").contains("<Code>MissingAuthenticationToken</Code>");
        assertThat(send("GET /?Action=DescribeLoadBalancers&X-Amz-Credential=k%2F20260101%2Fus-east-1%2Felasticloadbalancing%2Faws4_request&X-Amz-Signature=0 HTTP/1.1\r\nHost: localhost\r\n\r\n"))
                .startsWith("HTTP/1.1 200").endsWith("AWS_QUERY 0");
    }

    @Test
    void theSigningScopeDecidesTheProtocolNotTheContentType() throws IOException {
        String lb = "Authorization: AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=0\r\n";
        assertThat(send("POST / HTTP/1.1\r\nHost: localhost\r\n" + lb + "Content-Type: application/json\r\nContent-Length: 2\r\n\r\n{}")).endsWith("AWS_QUERY 2");
        assertThat(send("POST / HTTP/1.1\r\nHost: localhost\r\n" + lb + "Content-Length: 0\r\n\r\n")).endsWith("AWS_QUERY 0");
        assertThat(send("POST / HTTP/1.1\r\nHost: localhost\r\n" + SIGNED + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 2\r\n\r\n{}")).endsWith("AWS_JSON 2");
        assertThat(send("GET /v2/ HTTP/1.1\r\nHost: localhost\r\n\r\n")).endsWith("REGISTRY 0");
    }

    @Test
    void theConsoleIsABrowsersFrontDoorAndItsOwnPagesMayPostBack() throws IOException {
        assertThat(send("GET / HTTP/1.1\r\nHost: localhost\r\nAccept: text/html,*/*\r\n\r\n")).startsWith("HTTP/1.1 200").endsWith("CONSOLE 0");
        assertThat(send("GET / HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n")).startsWith("HTTP/1.1 403"); // not a browser: an unsigned API call
        assertThat(send("GET /?Action=DescribeLoadBalancers HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\n\r\n")).startsWith("HTTP/1.1 403");
        assertThat(send("POST /console/actions/x HTTP/1.1\r\nHost: localhost:" + port + "\r\nOrigin: http://localhost:" + port + "\r\nContent-Length: 2\r\n\r\na="))
                .startsWith("HTTP/1.1 200").endsWith("CONSOLE 2");
        assertThat(send("POST /console/actions/x HTTP/1.1\r\nHost: localhost:" + port + "\r\nOrigin: http://evil.example\r\nContent-Length: 2\r\n\r\na="))
                .startsWith("HTTP/1.1 403");
        // the same origin is the console's only: an API request with its own origin is still a cross-origin call
        assertThat(send("POST / HTTP/1.1\r\nHost: localhost:" + port + "\r\nOrigin: http://localhost:" + port + "\r\n" + SIGNED + "X-Amz-Target: S.Op\r\nContent-Length: 2\r\n\r\n{}"))
                .startsWith("HTTP/1.1 403");
    }

    @Test
    void crossSiteRequestsAndPreflightsAreRefusedUnlessTheOriginIsAllowed() throws IOException {
        assertThat(send("OPTIONS / HTTP/1.1\r\nHost: localhost\r\nOrigin: https://evil.example\r\nAccess-Control-Request-Method: POST\r\n\r\n"))
                .startsWith("HTTP/1.1 403").doesNotContainIgnoringCase("Access-Control-Allow-Origin");
        assertThat(send("POST / HTTP/1.1\r\nHost: localhost\r\nOrigin: https://evil.example\r\n" + SIGNED + "X-Amz-Target: S.Op\r\nContent-Length: 2\r\n\r\n{}"))
                .startsWith("HTTP/1.1 403");
        assertThat(send("GET /v2/ HTTP/1.1\r\nHost: localhost\r\nSec-Fetch-Site: cross-site\r\n\r\n")).startsWith("HTTP/1.1 403").contains("\"code\":\"DENIED\"");
        String preflight = send("OPTIONS / HTTP/1.1\r\nHost: localhost\r\nOrigin: https://console.example\r\nAccess-Control-Request-Method: POST\r\n\r\n");
        assertThat(preflight).startsWith("HTTP/1.1 204").containsIgnoringCase("Access-Control-Allow-Origin: https://console.example")
                .containsIgnoringCase("Access-Control-Allow-Headers:");
        assertThat(send("POST / HTTP/1.1\r\nHost: localhost\r\nOrigin: https://console.example\r\n" + SIGNED + "X-Amz-Target: S.Op\r\nContent-Length: 2\r\n\r\n{}"))
                .startsWith("HTTP/1.1 200").containsIgnoringCase("Access-Control-Allow-Origin: https://console.example");
    }

    @Test
    void bodiesOverTheCapAre413EarlyOrWhileStreaming() throws IOException {
        String declared = send("POST / HTTP/1.1\r\nHost: localhost\r\n" + SIGNED + "X-Amz-Target: S.Op\r\nContent-Length: 50000000\r\n\r\n{}");
        assertThat(declared).startsWith("HTTP/1.1 413").containsIgnoringCase("Connection: close").contains("RequestEntityTooLargeException");
        String chunk = "x".repeat(600);
        String chunked = send("POST / HTTP/1.1\r\nHost: localhost\r\n" + SIGNED + "X-Amz-Target: S.Op\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "258\r\n" + chunk + "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n");
        assertThat(chunked).startsWith("HTTP/1.1 413").contains("RequestEntityTooLargeException");
        String query = send("POST / HTTP/1.1\r\nHost: localhost\r\nAuthorization: AWS4-HMAC-SHA256 Credential=k/20260101/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=0\r\n"
                + "Content-Length: 5000\r\n\r\n");
        assertThat(query).startsWith("HTTP/1.1 413").contains("<Code>RequestEntityTooLarge</Code>");
        assertThat(send("POST / HTTP/1.1\r\nHost: localhost\r\n" + SIGNED + "X-Amz-Target: Big.Op\r\nContent-Length: 3000\r\n\r\n" + "x".repeat(3000)))
                .startsWith("HTTP/1.1 200").endsWith("AWS_JSON 3000");
    }

    @Test
    void jettysOwnErrorsTakeTheProtocolsShape() throws IOException {
        assertThat(send("GET /v2/a%2fb/manifests/latest HTTP/1.1\r\nHost: localhost\r\n\r\n")).startsWith("HTTP/1.1 400").contains("{\"errors\":[{\"code\":\"NAME_INVALID\"");
        assertThat(send("GET /v2/a/%2e%2e/manifests/latest HTTP/1.1\r\nHost: localhost\r\n\r\n")).startsWith("HTTP/1.1 400").contains("\"errors\"");
        String big = send("POST / HTTP/1.1\r\nHost: localhost\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
        assertThat(big).startsWith("HTTP/1.1 431").contains("\"__type\":\"RequestHeaderFieldsTooLargeException\"").doesNotContain("<html");
    }

    /** One request on its own connection; the whole answer. */
    private static String send(String raw) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            try {
                out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (IOException e) {
                // the server may answer and close before the whole request is written
            }
            InputStream in = s.getInputStream();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    b.write(buf, 0, n);
                    String text = b.toString(StandardCharsets.ISO_8859_1);
                    int end = text.indexOf("\r\n\r\n");
                    if (end > 0) {
                        int cl = text.toLowerCase().indexOf("content-length: ");
                        if (cl > 0 && cl < end) {
                            int len = Integer.parseInt(text.substring(cl + 16, text.indexOf("\r\n", cl)).trim());
                            if (text.length() >= end + 4 + len) break;
                        }
                    }
                }
            } catch (IOException e) {
                // connection closed or reset after the answer
            }
            return b.toString(StandardCharsets.UTF_8);
        }
    }
}
