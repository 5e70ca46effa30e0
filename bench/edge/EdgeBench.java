import io.dockyard.protocol.EdgeGuard;
import io.dockyard.protocol.EdgePolicy;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Two figures for issue 15 (run with bench/edge/run.sh):
 * 1. the edge checks' cost per request (EdgeGuard on a signed ECS request: family, Host, Origin,
 *    signature presence, body cap), in process, against the API benchmark's per-request time;
 * 2. health and DescribeTasks latency on a `./dockyard server` started through the launcher
 *    while 4 clients send 50 MB bodies (Query and JSON, declared and chunked) for 60 s.
 */
public final class EdgeBench {
    static final String AUTH = "AWS4-HMAC-SHA256 Credential=bench/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123456789abcdef";

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        guardCost();
        flood(seconds);
    }

    // ---- 1. the checks' cost ----

    static void guardCost() throws Exception {
        Handler next = new Handler.Abstract() {
            @Override public boolean handle(Request r, Response s, Callback c) { return true; }
        };
        EdgeGuard guard = new EdgeGuard(EdgePolicy.local(), Set.of("elasticloadbalancing"), next);
        HttpFields headers = HttpFields.build()
                .add("Host", "localhost:4566")
                .add("X-Amz-Target", "AmazonEC2ContainerServiceV20141113.DescribeTasks")
                .add("Content-Type", "application/x-amz-json-1.1")
                .add("Authorization", AUTH)
                .add("X-Amz-Date", "20260101T000000Z")
                .add("User-Agent", "aws-sdk-java/2.40.2")
                .add("Content-Length", "64").asImmutable();
        HttpURI uri = HttpURI.build("http://localhost:4566/").asImmutable();
        Map<String, Object> attributes = new HashMap<>();
        Request request = (Request) Proxy.newProxyInstance(EdgeBench.class.getClassLoader(), new Class<?>[] {Request.class}, (proxy, m, a) -> switch (m.getName()) {
            case "getHttpURI" -> uri;
            case "getHeaders" -> headers;
            case "getMethod" -> "POST";
            case "getLength" -> 64L;
            case "setAttribute" -> attributes.put((String) a[0], a[1]);
            case "getAttribute" -> attributes.get((String) a[0]);
            default -> throw new UnsupportedOperationException(m.getName());
        });
        long sink = 0;
        for (int round = 0; round < 5; round++) {
            int n = 2_000_000;
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) if (guard.handle(request, null, null)) sink++;
            long ns = System.nanoTime() - t0;
            System.out.printf("edge checks: round %d: %.3f us per request (%d requests)%n", round + 1, ns / 1000.0 / n, n);
        }
        if (sink == 0) System.out.println("?");
    }

    // ---- 2. latency during a flood ----

    static void flood(int seconds) throws Exception {
        int port;
        try (var s = new java.net.ServerSocket(0)) { port = s.getLocalPort(); }
        Path data = Files.createTempDirectory("edge-bench-");
        Path log = Files.createTempFile("edge-bench-", ".log");
        // Started through the launcher, as a user starts it: its JVM flags (Serial GC, 384 MiB heap, 12 MiB young
        // generation, 16 carriers) and its class-data archive; EDGE_SERVER_JVM adds flags (DOCKYARD_JAVA_OPTS).
        ProcessBuilder builder = new ProcessBuilder(List.of("./dockyard", "server", "--port", Integer.toString(port), "--data-dir", data.toString(), "--dns-address", "off"));
        String extra = System.getenv("EDGE_SERVER_JVM");
        if (extra != null && !extra.isBlank()) builder.environment().put("DOCKYARD_JAVA_OPTS", extra.trim());
        Process p = builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String endpoint = "http://127.0.0.1:" + port;
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            waitHealthy(http, endpoint, p);
            call(http, endpoint, "CreateCluster", "{\"clusterName\":\"bench\"}");
            String describe = "{\"cluster\":\"bench\",\"tasks\":[\"arn:aws:ecs:us-east-1:000000000000:task/bench/0123456789abcdef0123456789abcdef\"]}";
            for (int i = 0; i < 200; i++) { health(http, endpoint); call(http, endpoint, "DescribeTasks", describe); } // warm up

            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicLong floods = new AtomicLong();
            AtomicLong floodErrors = new AtomicLong();
            List<Thread> flooders = new ArrayList<>();
            for (int f = 0; f < 4; f++) {
                int kind = f;
                flooders.add(Thread.ofPlatform().name("flood-" + f).start(() -> {
                    while (flooding.get()) {
                        try {
                            int status = flood50(port, kind % 2 == 0, kind >= 2);
                            if (status == 413) floods.incrementAndGet(); else floodErrors.incrementAndGet();
                        } catch (IOException e) {
                            floodErrors.incrementAndGet();
                        }
                    }
                }));
            }
            List<Long> h = new ArrayList<>();
            List<Long> d = new ArrayList<>();
            long failures = 0;
            // The measuring client is one keep-alive socket written and read by this thread: the JDK's HttpClient hands each
            // request to its selector thread and back, and on two busy cores each hand-off can wait for a core (p50 4 ms).
            Probe probe = new Probe(port);
            long end = System.nanoTime() + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                long t0 = System.nanoTime();
                boolean ok = probe.health() == 200;
                long t1 = System.nanoTime();
                ok &= probe.ecs("DescribeTasks", describe) == 200;
                long t2 = System.nanoTime();
                if (!ok) failures++;
                h.add((t1 - t0) / 1000);
                d.add((t2 - t1) / 1000);
                Thread.sleep(5);
            }
            flooding.set(false);
            for (Thread t : flooders) t.join(30_000);
            long rss = peakRss(p.pid());
            System.out.printf("flood: %d s, 4 clients, %d 50 MB bodies refused with 413 (%d other outcomes); server peak RSS %d MiB (heap cap 384 MiB)%n",
                    seconds, floods.get(), floodErrors.get(), rss >> 10);
            System.out.printf("flood: health       n=%d p50 %.2f ms p99 %.2f ms max %.2f ms%n", h.size(), pct(h, .5), pct(h, .99), pct(h, 1));
            System.out.printf("flood: DescribeTasks n=%d p50 %.2f ms p99 %.2f ms max %.2f ms; failed requests %d%n", d.size(), pct(d, .5), pct(d, .99), pct(d, 1), failures);
            System.out.printf("flood: load average while measuring: %s%n", Files.readString(Path.of("/proc/loadavg")).trim());
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    /** 64 KiB of a Query parameter flood and of a JSON filter flood, built once (the flood's clients only send). */
    static final byte[] QUERY_CHUNK = floodChunk(true), JSON_CHUNK = floodChunk(false);

    static byte[] floodChunk(boolean query) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (b.length() < 64 * 1024) b.append(query ? "&Names.member." + (++i) + "=n" : ",{\"Name\":\"TYPE\",\"Values\":[\"HTTP\"]}");
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** One 50 MB body: an ELBv2 Query parameter flood or a Cloud Map filter flood, declared or chunked; the status answered. */
    static int flood50(int port, boolean query, boolean chunked) throws IOException {
        long length = 50L << 20;
        String head = "POST / HTTP/1.1\r\nHost: localhost:" + port + "\r\n"
                + (query ? "Authorization: AWS4-HMAC-SHA256 Credential=b/20260101/us-east-1/elasticloadbalancing/aws4_request, SignedHeaders=host, Signature=0\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                         : "Authorization: AWS4-HMAC-SHA256 Credential=b/20260101/us-east-1/servicediscovery/aws4_request, SignedHeaders=host, Signature=0\r\nX-Amz-Target: Route53AutoNaming_v20170314.ListNamespaces\r\n")
                + (chunked ? "Transfer-Encoding: chunked\r\n\r\n" : "Content-Length: " + length + "\r\n\r\n");
        byte[] chunk = query ? QUERY_CHUNK : JSON_CHUNK;
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    out.write(head.getBytes(StandardCharsets.US_ASCII));
                    for (long sent = 0; sent < length; sent += chunk.length) {
                        if (chunked) out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk, 0, (int) Math.min(chunk.length, length - sent));
                        if (chunked) out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                } catch (IOException e) {
                    // refused early: the server closed
                }
            });
            byte[] buf = new byte[512];
            int n = s.getInputStream().read(buf);
            String answer = n > 0 ? new String(buf, 0, n, StandardCharsets.US_ASCII) : "";
            if (answer.startsWith("HTTP/1.1 100")) {
                int more = s.getInputStream().read(buf);
                answer = answer.substring(answer.indexOf("\r\n\r\n") + 4) + (more > 0 ? new String(buf, 0, more, StandardCharsets.US_ASCII) : "");
            }
            s.close();
            try { writer.join(); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }
            return answer.length() >= 12 ? Integer.parseInt(answer.substring(9, 12)) : -1;
        }
    }

    /** One keep-alive HTTP/1.1 connection: a request written in one go, its answer read by Content-Length (reopened if the server closes it). */
    static final class Probe {
        final int port;
        final byte[] buf = new byte[64 * 1024];
        Socket socket;

        Probe(int port) { this.port = port; }

        int health() throws IOException {
            return exchange(("GET /_dockyard/health HTTP/1.1\r\nHost: localhost:" + port + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        }

        int ecs(String op, String body) throws IOException {
            byte[] payload = body.getBytes(StandardCharsets.UTF_8);
            String head = "POST / HTTP/1.1\r\nHost: localhost:" + port + "\r\nX-Amz-Target: AmazonEC2ContainerServiceV20141113." + op
                    + "\r\nContent-Type: application/x-amz-json-1.1\r\nAuthorization: " + AUTH + "\r\nContent-Length: " + payload.length + "\r\n\r\n";
            byte[] request = new byte[head.length() + payload.length];
            System.arraycopy(head.getBytes(StandardCharsets.US_ASCII), 0, request, 0, head.length());
            System.arraycopy(payload, 0, request, head.length(), payload.length);
            return exchange(request);
        }

        int exchange(byte[] request) throws IOException {
            if (socket == null) {
                socket = new Socket("127.0.0.1", port);
                socket.setTcpNoDelay(true);
                socket.setSoTimeout(10_000);
            }
            try {
                socket.getOutputStream().write(request);
                var in = socket.getInputStream();
                int end = 0, headerEnd = -1;
                while (headerEnd < 0) {
                    int n = in.read(buf, end, buf.length - end);
                    if (n < 0) throw new IOException("closed");
                    end += n;
                    for (int i = Math.max(0, end - n - 3); i + 3 < end; i++) if (buf[i] == '\r' && buf[i + 1] == '\n' && buf[i + 2] == '\r' && buf[i + 3] == '\n') { headerEnd = i; break; }
                }
                String headers = new String(buf, 0, headerEnd, StandardCharsets.ISO_8859_1).toLowerCase(java.util.Locale.ROOT);
                int at = headers.indexOf("content-length:");
                if (at < 0) throw new IOException("no Content-Length in " + headers);
                int eol = headers.indexOf('\r', at);
                long remaining = Long.parseLong(headers.substring(at + 15, eol < 0 ? headers.length() : eol).trim()) - (end - headerEnd - 4);
                while (remaining > 0) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
                    if (n < 0) throw new IOException("closed");
                    remaining -= n;
                }
                if (headers.contains("\nconnection: close")) { socket.close(); socket = null; }
                return Integer.parseInt(headers.substring(9, 12));
            } catch (IOException e) {
                socket.close();
                socket = null;
                return -1;
            }
        }
    }

    static boolean health(HttpClient http, String endpoint) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(endpoint + "/_dockyard/health")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    static boolean call(HttpClient http, String endpoint, String op, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(endpoint + "/")).timeout(Duration.ofSeconds(10))
                .header("X-Amz-Target", "AmazonEC2ContainerServiceV20141113." + op).header("Content-Type", "application/x-amz-json-1.1")
                .header("Authorization", AUTH).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
    }

    static void waitHealthy(HttpClient http, String endpoint, Process p) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (!p.isAlive()) throw new IllegalStateException("dockyard exited");
            try {
                if (health(http, endpoint)) return;
            } catch (IOException e) {
                // not yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("dockyard did not start");
    }

    static long peakRss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) if (line.startsWith("VmHWM:")) return Long.parseLong(line.replaceAll("\\D", ""));
        return -1;
    }

    static double pct(List<Long> micros, double p) {
        List<Long> s = new ArrayList<>(micros);
        Collections.sort(s);
        return s.isEmpty() ? 0 : s.get((int) Math.min(s.size() - 1, Math.max(0, Math.ceil(p * s.size()) - 1))) / 1000.0;
    }
}
