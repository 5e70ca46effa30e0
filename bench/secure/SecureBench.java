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
 * difference, and client-side throughput. Run with bench/secure/run.sh.
 */
public final class SecureBench {
    public static void main(String[] args) throws Exception {
        int seconds = arg(args, "--seconds", 10), clients = arg(args, "--clients", 4);
        Path jar = Path.of("server/target/dockyard.jar");
        Dockyard local = Dockyard.start(jar, false);
        Dockyard secure = Dockyard.start(jar, true);
        try {
            for (Dockyard d : List.of(local, secure)) {
                d.call("secretsmanager.CreateSecret", "secretsmanager", "{\"Name\":\"bench\",\"SecretString\":\"" + "x".repeat(64) + "\"}");
                d.call("AmazonEC2ContainerServiceV20141113.CreateCluster", "ecs", "{\"clusterName\":\"bench\"}");
            }
            System.out.printf(Locale.ROOT, "%-28s %-7s %10s %10s %10s %10s%n", "operation", "mode", "req/s", "p50 ms", "p99 ms", "n");
            for (String[] op : List.of(new String[]{"AmazonEC2ContainerServiceV20141113.DescribeClusters", "ecs", "{\"clusters\":[\"bench\"]}"},
                    new String[]{"secretsmanager.GetSecretValue", "secretsmanager", "{\"SecretId\":\"bench\"}"})) {
                double[] p50 = new double[2];
                int i = 0;
                for (Dockyard d : List.of(local, secure)) {
                    run(d, op, 2, clients); // warm-up
                    Result r = run(d, op, seconds, clients);
                    p50[i++] = r.p50();
                    System.out.printf(Locale.ROOT, "%-28s %-7s %10.0f %10.3f %10.3f %10d%n", op[0].substring(op[0].indexOf('.') + 1), d.secure ? "secure" : "local",
                            r.rate(), r.p50(), r.p99(), r.n());
                }
                System.out.printf(Locale.ROOT, "%-28s secure - local, server-side p50: %+.1f µs%n", "", (p50[1] - p50[0]) * 1000);
            }
        } finally {
            local.stop();
            secure.stop();
        }
    }

    record Result(double rate, double p50, double p99, int n) {}

    static Result run(Dockyard d, String[] op, int seconds, int clients) throws Exception {
        ConcurrentLinkedQueue<Double> times = new ConcurrentLinkedQueue<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            threads.add(Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < end) times.add(d.call(op[0], op[1], op[2]));
            }));
        }
        for (Thread t : threads) t.join();
        List<Double> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        return new Result(sorted.size() / (double) seconds, sorted.get(sorted.size() / 2), sorted.get((int) (sorted.size() * 0.99)), sorted.size());
    }

    static final class Dockyard {
        final boolean secure;
        final Process process;
        final int port;
        final Key key;
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        Dockyard(boolean secure, Process process, int port, Key key) {
            this.secure = secure;
            this.process = process;
            this.port = port;
            this.key = key;
        }

        static Dockyard start(Path jar, boolean secure) throws Exception {
            int port;
            try (ServerSocket s = new ServerSocket(0)) { port = s.getLocalPort(); }
            Path data = Files.createTempDirectory("dockyard-secure-bench-");
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar.toString(),
                    "server", "--port", Integer.toString(port), "--data-dir", data.toString(), "--dns-address", "off"));
            if (secure) cmd.add("--secure");
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
            Dockyard d = new Dockyard(secure, p, port, Key.longTerm(id, secret, null));
            for (int i = 0; i < 600; i++) {
                try {
                    if (d.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/_dockyard/health")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return d;
                } catch (java.io.IOException e) {
                    // not up yet
                }
                Thread.sleep(100);
            }
            throw new IllegalStateException("dockyard did not start");
        }

        /** One signed call; its server-side time in ms. */
        double call(String target, String service, String body) {
            try {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                        .header("X-Amz-Target", target).header("Content-Type", "application/x-amz-json-1.1");
                SigV4Signer.sign("POST", "127.0.0.1:" + port, "/", null, Map.of("X-Amz-Target", target, "Content-Type", "application/x-amz-json-1.1"),
                        bytes, key, "us-east-1", service, Instant.now()).forEach(b::header);
                HttpResponse<String> r = http.send(b.POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) throw new IllegalStateException(target + " answered " + r.statusCode() + ": " + r.body());
                String t = r.headers().firstValue("Server-Timing").orElse("app;dur=0");
                return Double.parseDouble(t.substring(t.indexOf("dur=") + 4));
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
