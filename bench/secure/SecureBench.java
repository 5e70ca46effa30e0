import io.dockyard.protocol.sigv4.Key;
import io.dockyard.protocol.sigv4.SigV4Signer;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * What secure mode costs, side by side with local mode: two Dockyard processes from the same jar, one {@code --secure}; the same
 * signed requests (real SigV4 with the secure instance's root key, the same signer for both) from C clients for S seconds
 * each: DescribeClusters, and GetSecretValue of a 64-byte secret. Reports the server-side time (the {@code Server-Timing}
 * header: handler entry to rendered body, so SigV4 verification and policy evaluation included) p50/p99 per mode and the
 * difference, and client-side throughput. Secure mode serves HTTPS by default; this compares it with {@code --tls off} (plain
 * HTTP), and with {@code --tls} also runs secure mode over HTTPS (its own CA, keep-alive connections as SDKs keep them) and
 * reports the client-side round trip p50/p99 of each mode (where TLS's cost shows: the connector is before the handler).
 * Run with bench/secure/run.sh.
 */
public final class SecureBench {
    public static void main(String[] args) throws Exception {
        int seconds = arg(args, "--seconds", 10), clients = arg(args, "--clients", 4);
        boolean tls = List.of(args).contains("--tls");
        Path jar = Path.of("server/target/dockyard.jar");
        Dockyard local = Dockyard.start(jar, false, false);
        Dockyard secure = Dockyard.start(jar, true, false);
        Dockyard https = tls ? Dockyard.start(jar, true, true) : null;
        List<Dockyard> all = tls ? List.of(local, secure, https) : List.of(local, secure);
        try {
            for (Dockyard d : all) {
                d.call("secretsmanager.CreateSecret", "secretsmanager", "{\"Name\":\"bench\",\"SecretString\":\"" + "x".repeat(64) + "\"}");
                d.call("AmazonEC2ContainerServiceV20141113.CreateCluster", "ecs", "{\"clusterName\":\"bench\"}");
            }
            System.out.printf(Locale.ROOT, "%-28s %-12s %10s %10s %10s %12s %12s %10s%n", "operation", "mode", "req/s", "p50 ms", "p99 ms",
                    "client p50", "client p99", "n");
            for (String[] op : List.of(new String[]{"AmazonEC2ContainerServiceV20141113.DescribeClusters", "ecs", "{\"clusters\":[\"bench\"]}"},
                    new String[]{"secretsmanager.GetSecretValue", "secretsmanager", "{\"SecretId\":\"bench\"}"})) {
                Result[] results = new Result[all.size()];
                int i = 0;
                for (Dockyard d : all) {
                    run(d, op, 2, clients); // warm-up
                    Result r = run(d, op, seconds, clients);
                    results[i++] = r;
                    System.out.printf(Locale.ROOT, "%-28s %-12s %10.0f %10.3f %10.3f %12.3f %12.3f %10d%n", op[0].substring(op[0].indexOf('.') + 1),
                            d.mode(), r.rate(), r.p50(), r.p99(), r.clientP50(), r.clientP99(), r.n());
                }
                System.out.printf(Locale.ROOT, "%-28s secure - local, server-side p50: %+.1f µs%n", "", (results[1].p50() - results[0].p50()) * 1000);
                if (tls) System.out.printf(Locale.ROOT, "%-28s https - http (secure), client p50: %+.1f µs%n", "",
                        (results[2].clientP50() - results[1].clientP50()) * 1000);
            }
        } finally {
            for (Dockyard d : all) d.stop();
        }
    }

    record Result(double rate, double p50, double p99, double clientP50, double clientP99, int n) {}

    static Result run(Dockyard d, String[] op, int seconds, int clients) throws Exception {
        ConcurrentLinkedQueue<double[]> times = new ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < end) times.add(d.call(op[0], op[1], op[2]));
            }));
        }
        for (Thread t : threads) t.join();
        List<Double> server = new ArrayList<>(), client = new ArrayList<>();
        for (double[] t : times) {
            server.add(t[0]);
            client.add(t[1]);
        }
        Collections.sort(server);
        Collections.sort(client);
        int n = server.size();
        return new Result(n / (double) seconds, server.get(n / 2), server.get((int) (n * 0.99)), client.get(n / 2), client.get((int) (n * 0.99)), n);
    }

    static final class Dockyard {
        final boolean secure, tls;
        final Process process;
        final int port;
        final Key key;
        final HttpClient http;
        final String base;

        Dockyard(boolean secure, boolean tls, Process process, int port, Key key, Path data) throws Exception {
            this.secure = secure;
            this.tls = tls;
            this.base = (tls ? "https" : "http") + "://127.0.0.1:" + port;
            HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
            if (tls) {
                // the CA secure mode made in its data directory, as a client given --ca-bundle trusts it
                java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                try (var in = Files.newInputStream(data.resolve("tls/ca.pem"))) {
                    trust.setCertificateEntry("ca", java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in));
                }
                javax.net.ssl.TrustManagerFactory f = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
                f.init(trust);
                javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
                ctx.init(null, f.getTrustManagers(), null);
                b.sslContext(ctx);
            }
            this.http = b.build();
            this.process = process;
            this.port = port;
            this.key = key;
        }

        String mode() { return tls ? "secure+https" : secure ? "secure" : "local"; }

        static Dockyard start(Path jar, boolean secure, boolean tls) throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
            Path data = Files.createTempDirectory("dockyard-secure-bench-");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                    "server", "--port", Integer.toString(port), "--data-dir", data.toString(), "--dns-address", "off"));
            if (secure) cmd.add("--secure");
            cmd.addAll(List.of("--tls", tls ? "on" : "off"));
            Process p = new ProcessBuilder(cmd).redirectError(data.resolve("stderr.log").toFile()).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String id = "bench", secret = "bench";
            if (secure) {
                for (String line; (line = out.readLine()) != null; ) {
                    line = line.strip();
                    if (line.startsWith("AWS_ACCESS_KEY_ID=")) id = line.substring(18);
                    if (line.startsWith("AWS_SECRET_ACCESS_KEY=")) { secret = line.substring(22); break; }
                }
            }
            Thread.ofVirtual().start(() -> { try { out.transferTo(java.io.Writer.nullWriter()); } catch (Exception ignored) { } });
            Dockyard d = null;
            for (int i = 0; i < 600; i++) {
                try {
                    if (d == null && (!tls || Files.exists(data.resolve("tls/ca.pem")))) d = new Dockyard(secure, tls, p, port, Key.longTerm(id, secret, null), data);
                    if (d != null && d.http.send(HttpRequest.newBuilder(URI.create(d.base + "/_dockyard/health")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return d;
                } catch (java.io.IOException e) {
                    // not up yet
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("dockyard did not start");
        }

        /** One signed call; its server-side time and its client-side round trip, in ms. */
        double[] call(String target, String service, String body) {
            try {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                long t0 = System.nanoTime();
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/"))
                        .header("X-Amz-Target", target).header("Content-Type", "application/x-amz-json-1.1");
                SigV4Signer.sign("POST", "127.0.0.1:" + port, "/", null, Map.of("X-Amz-Target", target, "Content-Type", "application/x-amz-json-1.1"),
                        bytes, key, "us-east-1", service, Instant.now()).forEach(b::header);
                HttpRequest request = b.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
                HttpResponse<String> r;
                try {
                    r = http.send(request, HttpResponse.BodyHandlers.ofString());
                } catch (java.io.IOException closed) {
                    // a pooled connection the server closed while idle (over TLS the JDK client notices it only now): once more
                    t0 = System.nanoTime();
                    r = http.send(request, HttpResponse.BodyHandlers.ofString());
                }
                if (r.statusCode() != 200) throw new IllegalStateException(target + " answered " + r.statusCode() + ": " + r.body());
                double client = (System.nanoTime() - t0) / 1e6;
                String t = r.headers().firstValue("Server-Timing").orElse("app;dur=0");
                return new double[] {Double.parseDouble(t.substring(t.indexOf("dur=") + 4)), client};
            } catch (java.io.IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        void stop() throws InterruptedException {
            process.destroy();
            process.waitFor();
        }
    }

    static int arg(String[] args, String name, int dflt) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return Integer.parseInt(args[i + 1]);
        return dflt;
    }
}
