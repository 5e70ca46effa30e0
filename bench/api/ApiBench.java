import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Dockyard vs moto_server, side by side on this machine: the same ECS state in both (one cluster,
 * N EC2 tasks on one container instance), then DescribeTasks (10 tasks a call) and DescribeClusters from C concurrent
 * clients for a fixed time each; throughput and client-side p50/p99. Also Dockyard's time from
 * process start to the first 200 on /_dockyard/health, and its resident memory.
 *
 * Run with bench/api/run.sh (builds the jar if needed). Not part of the test suite.
 */
public final class ApiBench {
    static final String TARGET = "AmazonEC2ContainerServiceV20141113.";
    static final String AUTH = "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/ecs/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature=0";

    public static void main(String[] args) throws Exception {
        int seconds = intArg(args, "--seconds", 10);
        int clients = intArg(args, "--clients", 16);
        int tasks = intArg(args, "--tasks", 50);
        Path jar = Path.of(strArg(args, "--jar", "server/target/dockyard.jar"));
        int motoPort = intArg(args, "--moto-port", 5001);

        Path data = Files.createTempDirectory("dockyard-bench-");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        // the launcher's JVM flags (./dockyard run_java), with the class-data archive written as the launcher does: a `warm`
        // training run (an AOT cache from JDK 25 on, else a dynamic CDS archive)
        boolean aot = Runtime.version().feature() >= 25;
        Path jsa = data.resolve(aot ? "dockyard.aot" : "dockyard.jsa");
        List<String> train = new ArrayList<>(List.of(javaBin()));
        train.addAll(LAUNCHER_FLAGS);
        train.addAll(List.of((aot ? "-XX:AOTCacheOutput=" : "-XX:ArchiveClassesAtExit=") + jsa, "-jar", jar.toString(), "warm"));
        new ProcessBuilder(train).redirectErrorStream(true).redirectOutput(data.resolve("warm.log").toFile()).start().waitFor();
        List<Double> starts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Started s = startDockyard(http, jar, data.resolve("warm" + i), jsa);
            starts.add(s.ms());
            s.process().destroy();
            s.process().waitFor();
        }
        Started main = startDockyard(http, jar, data.resolve("state"), jsa);
        starts.add(main.ms());
        Process dockyard = main.process();
        int port = main.port();
        Thread.sleep(1000);
        long rssStart = rssKiB(dockyard.pid());

        Process moto = new ProcessBuilder("moto_server", "-p", Integer.toString(motoPort)).redirectErrorStream(true)
                .redirectOutput(data.resolve("moto.log").toFile()).start();
        try {
            waitFor(http, "http://127.0.0.1:" + motoPort + "/moto-api/", moto, 60);
            String dy = "http://127.0.0.1:" + port + "/";
            String mo = "http://127.0.0.1:" + motoPort + "/";
            List<String> dyTasks = setUp(http, dy, tasks, true);
            List<String> moTasks = setUp(http, mo, tasks, false);
            long rssLoaded = rssKiB(dockyard.pid());

            System.out.printf(Locale.ROOT, "%nDockyard start to first healthy answer: %s ms (with the class-data archive of a warm training run); RSS idle after start %d MiB, with %d tasks %d MiB%n",
                    starts.stream().map(x -> String.format(Locale.ROOT, "%.0f", x)).toList(), rssStart / 1024, tasks, rssLoaded / 1024);
            System.out.printf(Locale.ROOT, "%d clients, %d s per run, %d tasks in state, DescribeTasks names 10 tasks a call%n%n", clients, seconds, tasks);
            System.out.printf(Locale.ROOT, "%-18s %-9s %10s %9s %9s %9s %9s %9s%n", "operation", "server", "req/s", "p50 ms", "p99 ms", "srv p50", "srv p99", "errors");
            String describeTasks = "{\"cluster\":\"bench\",\"tasks\":[" + quoted(dyTasks.subList(0, Math.min(10, dyTasks.size()))) + "]}";
            String describeTasksMoto = "{\"cluster\":\"bench\",\"tasks\":[" + quoted(moTasks.subList(0, Math.min(10, moTasks.size()))) + "]}";
            String describeClusters = "{\"clusters\":[\"bench\"]}";
            Result a = load("dockyard", dy, "DescribeTasks", describeTasks, clients, seconds);
            Result b = load("moto", mo, "DescribeTasks", describeTasksMoto, clients, seconds);
            Result c = load("dockyard", dy, "DescribeClusters", describeClusters, clients, seconds);
            Result d = load("moto", mo, "DescribeClusters", describeClusters, clients, seconds);
            for (Result r : List.of(a, b, c, d)) r.print();
            System.out.printf(Locale.ROOT, "%nthroughput ratio Dockyard/moto: DescribeTasks %.1fx, DescribeClusters %.1fx%n",
                    a.rps() / b.rps(), c.rps() / d.rps());
            System.out.printf(Locale.ROOT, "Dockyard RSS after load: %d MiB; %d cores, load average now %s%n", rssKiB(dockyard.pid()) / 1024,
                    Runtime.getRuntime().availableProcessors(), Files.readString(Path.of("/proc/loadavg")).trim());
        } finally {
            moto.destroy();
            dockyard.destroy();
            moto.waitFor();
            dockyard.waitFor();
        }
    }

    record Started(Process process, int port, double ms) {}

    /** The JVM flags of the launcher (JVM_FLAGS in ./dockyard). */
    static final List<String> LAUNCHER_FLAGS = List.of("-XX:+UseSerialGC", "-Xss512k", "-Xms64m", "-Xmx384m", "-Xmn12m", "-XX:+ExitOnOutOfMemoryError",
            "-XX:TrimNativeHeapInterval=5000", "-Djdk.virtualThreadScheduler.parallelism=16");

    static String javaBin() { return Path.of(System.getProperty("java.home"), "bin", "java").toString(); }

    /** Starts {@code dockyard server} as the launcher does and times it to the first 200 on /_dockyard/health. */
    static Started startDockyard(HttpClient http, Path jar, Path dataDir, Path jsa) throws Exception {
        Files.createDirectories(dataDir);
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of(javaBin()));
        cmd.addAll(LAUNCHER_FLAGS);
        if (Files.exists(jsa) && Files.size(jsa) > 0) cmd.add((jsa.toString().endsWith(".aot") ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=") + jsa);
        // extra JVM flags to try (e.g. DOCKYARD_BENCH_JVM="-Xlog:gc"), after the launcher's
        String extra = System.getenv("DOCKYARD_BENCH_JVM");
        if (extra != null && !extra.isBlank()) cmd.addAll(List.of(extra.trim().split("\\s+")));
        cmd.addAll(List.of("-jar", jar.toString(), "server", "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dataDir.resolve("dockyard.log").toFile()).start();
        waitFor(http, "http://127.0.0.1:" + port + "/_dockyard/health", p, 30);
        return new Started(p, port, (System.nanoTime() - t0) / 1e6);
    }

    /**
     * One cluster with one container instance (4096 CPU, 7482 MiB, as moto registers every instance),
     * one bridge-mode task definition and {@code tasks} EC2 tasks placed on the instance; returns their ARNs.
     */
    static List<String> setUp(HttpClient http, String endpoint, int tasks, boolean dockyard) throws Exception {
        call(http, endpoint, "CreateCluster", "{\"clusterName\":\"bench\"}");
        if (dockyard) {
            HttpRequest r = HttpRequest.newBuilder(URI.create(endpoint + "_dockyard/agent/v1/register")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"cluster\":\"bench\",\"instanceName\":\"i-bench\",\"cpu\":4096,\"memory\":7482}")).build();
            HttpResponse<String> answer = http.send(r, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) throw new IllegalStateException("register answered " + answer.statusCode() + ": " + answer.body());
        } else {
            String image = ec2(http, endpoint, "Action=DescribeImages", "imageId");
            String instance = ec2(http, endpoint, "Action=RunInstances&ImageId=" + image + "&MinCount=1&MaxCount=1", "instanceId");
            call(http, endpoint, "RegisterContainerInstance", "{\"cluster\":\"bench\",\"instanceIdentityDocument\":\"{\\\"instanceId\\\":\\\"" + instance + "\\\"}\"}");
        }
        call(http, endpoint, "RegisterTaskDefinition", "{\"family\":\"bench\",\"containerDefinitions\":[{\"name\":\"app\",\"image\":\"busybox\",\"memory\":64,\"essential\":true}]}");
        List<String> arns = new ArrayList<>();
        Pattern arn = Pattern.compile("\"taskArn\"\\s*:\\s*\"([^\"]+)\"");
        while (arns.size() < tasks) {
            int n = Math.min(10, tasks - arns.size());
            String out = call(http, endpoint, "RunTask", "{\"cluster\":\"bench\",\"taskDefinition\":\"bench\",\"count\":" + n + "}");
            Matcher m = arn.matcher(out);
            int before = arns.size();
            while (m.find()) if (!arns.contains(m.group(1))) arns.add(m.group(1));
            if (arns.size() == before) throw new IllegalStateException("RunTask made no task at " + endpoint + ": " + out);
        }
        return arns;
    }

    /** One EC2 Query API call to moto (moto registers container instances only for EC2 instances it knows). */
    static String ec2(HttpClient http, String endpoint, String form, String element) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create(endpoint)).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", AUTH.replace("/ecs/", "/ec2/"))
                .POST(HttpRequest.BodyPublishers.ofString(form + "&Version=2016-11-15")).build();
        String body = http.send(r, HttpResponse.BodyHandlers.ofString()).body();
        Matcher m = Pattern.compile("<" + element + ">([^<]+)</" + element + ">").matcher(body);
        if (!m.find()) throw new IllegalStateException("no " + element + " in " + body);
        return m.group(1);
    }

    static String call(HttpClient http, String endpoint, String op, String body) throws Exception {
        HttpResponse<String> r = http.send(request(endpoint, op, body), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) throw new IllegalStateException(op + " at " + endpoint + " answered " + r.statusCode() + ": " + r.body());
        return r.body();
    }

    static HttpRequest request(String endpoint, String op, String body) {
        return HttpRequest.newBuilder(URI.create(endpoint)).header("X-Amz-Target", TARGET + op)
                .header("Content-Type", "application/x-amz-json-1.1").header("Authorization", AUTH)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static long[] merge(long[][] parts, int[] counts) {
        int total = 0;
        for (int c : counts) total += c;
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] == null) continue;
            System.arraycopy(parts[i], 0, all, at, counts[i]);
            at += counts[i];
        }
        Arrays.sort(all);
        return all;
    }

    /** Client-side latencies, and server-side ones from Server-Timing (empty for a server that sends none). */
    record Result(String op, String server, long count, long errors, double seconds, long[] latencies, long[] serverLatencies) {
        double rps() { return count / seconds; }
        static double pct(long[] sorted, double p) {
            if (sorted.length == 0) return Double.NaN;
            return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
        }
        void print() {
            System.out.printf(Locale.ROOT, "%-18s %-9s %10.0f %9.2f %9.2f %9.3f %9.3f %9d%n", op, server, rps(), pct(latencies, 0.50), pct(latencies, 0.99),
                    pct(serverLatencies, 0.50), pct(serverLatencies, 0.99), errors);
        }
    }

    /** {@code clients} threads send the same request back to back: 2 s warm-up, then {@code seconds} measured. */
    static Result load(String label, String endpoint, String op, String body, int clients, int seconds) throws Exception {
        URI uri = URI.create(endpoint);
        byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST / HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort() + "\r\nX-Amz-Target: " + TARGET + op
                + "\r\nContent-Type: application/x-amz-json-1.1\r\nAuthorization: " + AUTH + "\r\nContent-Length: " + bodyBytes.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] req = new byte[head.length + bodyBytes.length];
        System.arraycopy(head, 0, req, 0, head.length);
        System.arraycopy(bodyBytes, 0, req, head.length, bodyBytes.length);
        long warmEnd = System.nanoTime() + 2_000_000_000L;
        long end = warmEnd + seconds * 1_000_000_000L;
        AtomicLong errors = new AtomicLong();
        long[][] per = new long[clients][];
        int[] counts = new int[clients];
        long[][] perServer = new long[clients][];
        int[] serverCounts = new int[clients];
        Thread[] threads = new Thread[clients];
        for (int i = 0; i < clients; i++) {
            int id = i;
            threads[i] = Thread.ofPlatform().start(() -> {
                long[] lat = new long[1 << 16];
                long[] srv = new long[1 << 16];
                int n = 0, ns = 0;
                try (RawHttp http = new RawHttp(uri.getHost(), uri.getPort())) {
                    while (true) {
                        long s = System.nanoTime();
                        if (s >= end) break;
                        try {
                            if (http.exchange(req) != 200) errors.incrementAndGet();
                        } catch (IOException e) {
                            errors.incrementAndGet();
                            http.close();
                        }
                        long e = System.nanoTime();
                        if (s >= warmEnd) {
                            if (n == lat.length) lat = Arrays.copyOf(lat, n * 2);
                            lat[n++] = e - s;
                            if (http.serverNanos >= 0) {
                                if (ns == srv.length) srv = Arrays.copyOf(srv, ns * 2);
                                srv[ns++] = http.serverNanos;
                            }
                        }
                    }
                }
                per[id] = lat;
                counts[id] = n;
                perServer[id] = srv;
                serverCounts[id] = ns;
            });
        }
        for (Thread t : threads) t.join();
        int total = 0;
        for (int c : counts) total += c;
        long[] all = new long[total];
        int at = 0;
        for (int i = 0; i < clients; i++) {
            System.arraycopy(per[i], 0, all, at, counts[i]);
            at += counts[i];
        }
        Arrays.sort(all);
        return new Result(op, label, total, errors.get(), seconds, all, merge(perServer, serverCounts));
    }

    /** A minimal blocking HTTP/1.1 client on one keep-alive socket (reconnects when the server closes), so the client costs little CPU. */
    static final class RawHttp implements AutoCloseable {
        private final String host;
        private final int port;
        private Socket socket;
        private BufferedInputStream in;
        private OutputStream out;
        /** The last response's Server-Timing {@code dur} in nanoseconds, or -1 when it had none. */
        long serverNanos = -1;

        RawHttp(String host, int port) {
            this.host = host;
            this.port = port;
        }

        /** Sends the request bytes, reads the whole response; returns the status. */
        int exchange(byte[] request) throws IOException {
            if (socket == null) {
                socket = new Socket(host, port);
                socket.setTcpNoDelay(true);
                in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
                out = socket.getOutputStream();
            }
            out.write(request);
            out.flush();
            serverNanos = -1;
            String status = line();
            if (status == null) throw new IOException("connection closed");
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean close = status.startsWith("HTTP/1.0"), chunked = false;
            for (String h = line(); h != null && !h.isEmpty(); h = line()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) length = Long.parseLong(h.substring(15).trim());
                else if (lower.startsWith("connection:")) close = lower.contains("close");
                else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
                else if (lower.startsWith("server-timing:") && lower.contains("dur=")) {
                    serverNanos = (long) (Double.parseDouble(h.substring(lower.indexOf("dur=") + 4).split("[;,\\s]")[0]) * 1e6);
                }
            }
            if (chunked) {
                for (long size = Long.parseLong(line().trim(), 16); size > 0; size = Long.parseLong(line().trim(), 16)) {
                    in.skipNBytes(size);
                    line();
                }
                line();
            } else if (length >= 0) {
                in.skipNBytes(length);
            } else {
                in.readAllBytes();
                close = true;
            }
            if (close) close();
            return code;
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder();
            for (int c = in.read(); c != -1; c = in.read()) {
                if (c == '\n') return b.toString();
                if (c != '\r') b.append((char) c);
            }
            return b.isEmpty() ? null : b.toString();
        }

        @Override
        public void close() {
            try {
                if (socket != null) socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
            socket = null;
        }
    }

    static void waitFor(HttpClient http, String url, Process p, int timeoutSeconds) throws Exception {
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!p.isAlive()) throw new IllegalStateException("process exited while starting: " + url);
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("not ready in time: " + url);
    }

    static long rssKiB(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        return -1;
    }

    static String quoted(List<String> s) { return String.join(",", s.stream().map(x -> "\"" + x + "\"").toList()); }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static int intArg(String[] args, String name, int dflt) { String v = strArg(args, name, null); return v == null ? dflt : Integer.parseInt(v); }

    static String strArg(String[] args, String name, String dflt) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(name)) return args[i + 1];
        return dflt;
    }
}
