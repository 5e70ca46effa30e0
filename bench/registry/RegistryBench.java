import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Side-by-side registry benchmark (on demand, not part of mvn verify). Same client, same data for
 * both registries: chunked blob push (POST, one streamed PATCH, PUT ?digest — docker's flow) and blob
 * pull for 1/10/100 MiB at concurrency 1/8/32, manifest GET by tag p50, and Dockyard's RSS/heap
 * while a 1 GiB blob streams in and out.
 *
 * java RegistryBench.java <dockyard-url> <distribution-url> <dockyard-pid>
 */
public class RegistryBench {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final byte[] NOISE = new byte[1 << 20];
    static { new Random(7).nextBytes(NOISE); }
    static final AtomicLong SEQ = new AtomicLong(System.nanoTime());

    record Target(String name, String url, String auth, String repo) {}

    /** Content of {@code size} bytes, unique per call: an id header, then noise. */
    static final class Blob extends InputStream {
        final long size; long pos; final byte[] head;
        final MessageDigest md;
        Blob(long size) {
            this.size = size;
            this.head = ("blob-" + SEQ.incrementAndGet() + "-").getBytes(StandardCharsets.US_ASCII);
            try { md = MessageDigest.getInstance("SHA-256"); } catch (Exception e) { throw new IllegalStateException(e); }
        }
        @Override public int read() { byte[] b = new byte[1]; return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff; }
        @Override public int read(byte[] b, int off, int len) {
            if (pos >= size) return -1;
            int n = (int) Math.min(len, size - pos);
            int done = 0;
            while (done < n) {
                long p = pos + done;
                int chunk;
                if (p < head.length) {
                    chunk = (int) Math.min(n - done, head.length - p);
                    System.arraycopy(head, (int) p, b, off + done, chunk);
                } else {
                    int at = (int) (p % NOISE.length);
                    chunk = Math.min(n - done, NOISE.length - at);
                    System.arraycopy(NOISE, at, b, off + done, chunk);
                }
                done += chunk;
            }
            md.update(b, off, n);
            pos += n;
            return n;
        }
        String digest() { return "sha256:" + HexFormat.of().formatHex(md.digest()); }
    }

    static HttpRequest.Builder req(Target t, String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(path.startsWith("http") ? path : t.url + path));
        if (t.auth != null) b.header("Authorization", t.auth);
        return b;
    }

    static String abs(Target t, String location) { return location.startsWith("http") ? location : t.url + location; }

    /** docker's push flow; returns the digest. */
    static String push(Target t, long size) throws Exception {
        HttpResponse<Void> post = HTTP.send(req(t, "/v2/" + t.repo + "/blobs/uploads/").POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        if (post.statusCode() != 202) throw new IllegalStateException(t.name + " POST " + post.statusCode());
        String loc = abs(t, post.headers().firstValue("Location").orElseThrow());
        Blob blob = new Blob(size);
        HttpResponse<Void> patch = HTTP.send(req(t, loc).header("Content-Type", "application/octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofInputStream(() -> blob)).build(), HttpResponse.BodyHandlers.discarding());
        if (patch.statusCode() != 202) throw new IllegalStateException(t.name + " PATCH " + patch.statusCode());
        loc = abs(t, patch.headers().firstValue("Location").orElseThrow());
        String digest = blob.digest();
        HttpResponse<String> put = HTTP.send(req(t, loc + (loc.contains("?") ? "&" : "?") + "digest=" + digest).PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (put.statusCode() != 201) throw new IllegalStateException(t.name + " PUT " + put.statusCode() + " " + put.body());
        return digest;
    }

    static long pull(Target t, String digest) throws Exception {
        HttpResponse<InputStream> r = HTTP.send(req(t, "/v2/" + t.repo + "/blobs/" + digest).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) throw new IllegalStateException(t.name + " GET blob " + r.statusCode());
        return drain(r.body());
    }

    /** Reads the body to its end; returns how many bytes it had. */
    static long drain(InputStream body) throws IOException {
        long n = 0;
        byte[] buf = new byte[1 << 16];
        try (InputStream in = body) {
            int k;
            while ((k = in.read(buf)) > 0) n += k;
        }
        return n;
    }

    static <T> List<T> parallel(int concurrency, int ops, Callable<T> op) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            List<Future<T>> fs = new ArrayList<>();
            for (int i = 0; i < ops; i++) fs.add(pool.submit(op));
            List<T> out = new ArrayList<>();
            for (Future<T> f : fs) out.add(f.get());
            return out;
        }
    }

    /** Rounds per cell (env ROUNDS, default 3), alternating which registry goes first; the tables show medians. */
    static final int ROUNDS = Integer.parseInt(System.getenv().getOrDefault("ROUNDS", "3"));

    static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c.length % 2 == 1 ? c[c.length / 2] : (c[c.length / 2 - 1] + c[c.length / 2]) / 2;
    }

    static double mibps(long bytes, long nanos) { return bytes / 1048576.0 / (nanos / 1e9); }

    public static void main(String[] args) throws Exception {
        String dockyard = args[0], distribution = args[1];
        long pid = Long.parseLong(args[2]);
        String password = dockyardPassword(dockyard);
        Target dy = new Target("dockyard", dockyard, "Basic " + Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8)), "bench/blobs");
        Target ds = new Target("distribution", distribution, null, "bench/blobs");
        List<Target> targets = List.of(dy, ds);

        System.out.println("| size | conc | ops | dockyard push MiB/s | distribution push MiB/s | ratio | dockyard pull MiB/s | distribution pull MiB/s | ratio |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (long size : new long[] {1L << 20, 10L << 20, 100L << 20}) {
            for (int conc : new int[] {1, 8, 32}) {
                int ops = (int) Math.max(Math.max(conc, 4), Math.min(64, (256L << 20) / size));
                double[][] pushS = new double[2][ROUNDS], pullS = new double[2][ROUNDS];
                for (int round = 0; round < ROUNDS; round++) {
                    for (int k = 0; k < 2; k++) {
                        int i = (round % 2 == 0) ? k : 1 - k; // alternate who goes first
                        Target t = targets.get(i);
                        parallel(Math.min(conc, 4), Math.min(conc, 4), () -> push(t, 64 << 10)); // warm connections
                        long t0 = System.nanoTime();
                        List<String> digests = parallel(conc, ops, () -> push(t, size));
                        long t1 = System.nanoTime();
                        int[] idx = {0};
                        List<Long> got = parallel(conc, ops, () -> { String d; synchronized (idx) { d = digests.get(idx[0]++); } return pull(t, d); });
                        long t2 = System.nanoTime();
                        if (got.stream().anyMatch(n -> n != size)) throw new IllegalStateException(t.name + " short read");
                        pushS[i][round] = mibps(size * ops, t1 - t0);
                        pullS[i][round] = mibps(size * ops, t2 - t1);
                    }
                }
                double[] pushR = {median(pushS[0]), median(pushS[1])}, pullR = {median(pullS[0]), median(pullS[1])};
                System.out.printf("| %d MiB | %d | %d | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f |%n", size >> 20, conc, ops,
                        pushR[0], pushR[1], pushR[0] / pushR[1], pullR[0], pullR[1], pullR[0] / pullR[1]);
            }
        }

        System.out.println();
        System.out.println("| manifest GET by tag (2000 sequential) | p50 ms | p99 ms |");
        System.out.println("|---|---|---|");
        for (Target t : targets) {
            String config = push(t, 200);
            String m = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + config + "\",\"size\":200},\"layers\":[]}";
            HttpResponse<String> put = HTTP.send(req(t, "/v2/" + t.repo + "/manifests/latest").header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                    .PUT(HttpRequest.BodyPublishers.ofString(m)).build(), HttpResponse.BodyHandlers.ofString());
            if (put.statusCode() != 201) throw new IllegalStateException(t.name + " manifest " + put.statusCode() + put.body());
            long[] lat = new long[2000];
            for (int i = -200; i < lat.length; i++) {
                long s = System.nanoTime();
                HttpResponse<byte[]> r = HTTP.send(req(t, "/v2/" + t.repo + "/manifests/latest").header("Accept", "application/vnd.oci.image.manifest.v1+json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                if (r.statusCode() != 200) throw new IllegalStateException("manifest GET " + r.statusCode());
                if (i >= 0) lat[i] = System.nanoTime() - s;
            }
            Arrays.sort(lat);
            System.out.printf("| %s | %.3f | %.3f |%n", t.name, lat[1000] / 1e6, lat[1980] / 1e6);
        }

        System.out.println();
        Memory mem = new Memory(pid);
        long[] before = mem.sample();
        mem.start();
        long t0 = System.nanoTime();
        String big = push(dy, 1L << 30);
        long t1 = System.nanoTime();
        long n = pull(dy, big);
        long t2 = System.nanoTime();
        mem.stopSampling();
        if (n != 1L << 30) throw new IllegalStateException("1 GiB short read");
        System.out.printf("1 GiB through Dockyard: push %.0f MiB/s, pull %.0f MiB/s%n", mibps(n, t1 - t0), mibps(n, t2 - t1));
        System.out.printf("Dockyard RSS before %d MiB, peak during %d MiB; heap used before %d MiB, peak during %d MiB (max heap %s)%n",
                before[0] >> 20, mem.peakRss >> 20, before[1] >> 20, mem.peakHeap >> 20, mem.maxHeap());
    }

    static String dockyardPassword(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/"))
                .header("X-Amz-Target", "AmazonEC2ContainerRegistry_V20150921.CreateRepository").header("Content-Type", "application/x-amz-json-1.1")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/ecr/aws4_request, SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString("{\"repositoryName\":\"bench/blobs\"}")).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200 && !r.body().contains("RepositoryAlreadyExists")) throw new IllegalStateException(r.body());
        r = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/"))
                .header("X-Amz-Target", "AmazonEC2ContainerRegistry_V20150921.GetAuthorizationToken").header("Content-Type", "application/x-amz-json-1.1")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/ecr/aws4_request, SignedHeaders=host, Signature=0")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        String token = r.body().replaceAll(".*\"authorizationToken\":\"([^\"]+)\".*", "$1");
        return new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8).substring(4);
    }

    /** Samples the process's RSS (/proc) and heap use (jcmd GC.heap_info) a few times a second. */
    static final class Memory extends Thread {
        final long pid; volatile boolean running = true; long peakRss, peakHeap; String max = "?";
        Memory(long pid) { this.pid = pid; setDaemon(true); }
        long[] sample() {
            long rss = 0, heap = 0;
            try {
                for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (l.startsWith("VmRSS:")) rss = Long.parseLong(l.replaceAll("\\D", "")) << 10;
                }
                Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), String.valueOf(pid), "GC.heap_info").start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor();
                // "def new generation   total 4928K, used 1234K" lines: sum the used
                var m = java.util.regex.Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(out);
                long total = 0;
                while (m.find()) { heap += Long.parseLong(m.group(2)) << 10; total += Long.parseLong(m.group(1)) << 10; }
                max = (total >> 20) + " MiB committed";
            } catch (IOException | InterruptedException e) {
                // process gone
            }
            return new long[] {rss, heap};
        }
        String maxHeap() { return max; }
        @Override public void run() {
            while (running) {
                long[] s = sample();
                peakRss = Math.max(peakRss, s[0]);
                peakHeap = Math.max(peakHeap, s[1]);
                try { Thread.sleep(250); } catch (InterruptedException e) { return; }
            }
        }
        void stopSampling() { running = false; }
    }
}
