import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Registry blobs on the file store vs on S3 (on demand, not part of mvn verify): the same 100 MiB
 * blob push (POST, one streamed PATCH, PUT ?digest — docker's flow) and pull against Dockyards that
 * differ only in --blob-store, S3 being a local S3Proxy. A pull answered 307 (presigned pulls) is
 * followed without the registry's Authorization header, as docker does. Reuses RegistryBench's client.
 *
 * java -cp bench/registry bench/registry/S3Bench.java <file-url> <s3-url> [<s3-presigned-url>]
 */
public class S3Bench {
    static final HttpClient NO_REDIRECTS = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
    static final long SIZE = Long.parseLong(System.getenv().getOrDefault("SIZE_MIB", "100")) << 20;
    static final int OPS = Integer.parseInt(System.getenv().getOrDefault("OPS", "5"));

    static long pull(RegistryBench.Target t, String digest) throws Exception {
        HttpResponse<InputStream> r = NO_REDIRECTS.send(RegistryBench.req(t, "/v2/" + t.repo() + "/blobs/" + digest).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() == 307) {
            r.body().close();
            r = NO_REDIRECTS.send(HttpRequest.newBuilder(URI.create(r.headers().firstValue("Location").orElseThrow())).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        }
        if (r.statusCode() != 200) throw new IllegalStateException(t.name() + " GET blob " + r.statusCode());
        return RegistryBench.drain(r.body());
    }

    public static void main(String[] args) throws Exception {
        String[] names = {"file", "s3 (streamed pulls)", "s3 (presigned pulls)"};
        List<RegistryBench.Target> targets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String password = RegistryBench.dockyardPassword(args[i]);
            targets.add(new RegistryBench.Target(names[i], args[i], "Basic " + Base64.getEncoder().encodeToString(("AWS:" + password).getBytes(StandardCharsets.UTF_8)), "bench/blobs"));
        }
        int rounds = RegistryBench.ROUNDS;
        double[][] push = new double[targets.size()][rounds * OPS], pull = new double[targets.size()][rounds * OPS];
        for (RegistryBench.Target t : targets) pull(t, RegistryBench.push(t, 8 << 20)); // warm up connections and code paths
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < targets.size(); k++) {
                int i = (k + round) % targets.size(); // rotate who goes first
                RegistryBench.Target t = targets.get(i);
                for (int op = 0; op < OPS; op++) {
                    long t0 = System.nanoTime();
                    String digest = RegistryBench.push(t, SIZE);
                    long t1 = System.nanoTime();
                    long n = pull(t, digest);
                    long t2 = System.nanoTime();
                    if (n != SIZE) throw new IllegalStateException(t.name() + " short read " + n);
                    push[i][round * OPS + op] = (t1 - t0) / 1e6;
                    pull[i][round * OPS + op] = (t2 - t1) / 1e6;
                }
            }
        }
        System.out.printf("%d MiB blob, %d rounds x %d sequential push+pull per store; medians%n%n", SIZE >> 20, rounds, OPS);
        System.out.println("| blob store | push ms | push MiB/s | push time vs file | pull ms | pull MiB/s | pull time vs file |");
        System.out.println("|---|---|---|---|---|---|---|");
        double filePush = RegistryBench.median(push[0]), filePull = RegistryBench.median(pull[0]);
        for (int i = 0; i < targets.size(); i++) {
            double p = RegistryBench.median(push[i]), q = RegistryBench.median(pull[i]);
            System.out.printf("| %s | %.0f | %.0f | %.2fx | %.0f | %.0f | %.2fx |%n", targets.get(i).name(), p, (SIZE >> 20) / (p / 1e3), p / filePush,
                    q, (SIZE >> 20) / (q / 1e3), q / filePull);
        }
    }
}
