package io.dockyard.registry.bytes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real S3-compatible server for tests: S3Proxy ({@code org.gaul:s3proxy}) on its filesystem backend,
 * in a child JVM from its own jar (it embeds Jetty 11, which cannot share a classpath with Dockyard's
 * Jetty 12), on a free loopback port, with one bucket. Buckets are directories under {@link #root()},
 * objects are files below them.
 */
public final class S3ProxyProcess implements AutoCloseable {
    public static final String IDENTITY = "dockyard-test";
    public static final String CREDENTIAL = "dockyard-test-secret";

    private final Path root;
    private final Path data;
    private final int port;
    private final String bucket;
    private final Process process;

    private S3ProxyProcess(String bucket) throws IOException {
        this.bucket = bucket;
        this.root = Files.createTempDirectory("s3proxy-");
        this.data = Files.createDirectories(root.resolve("data"));
        Files.createDirectories(data.resolve(bucket));
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
        Path props = root.resolve("s3proxy.properties");
        Files.writeString(props, String.join("\n",
                "s3proxy.endpoint=http://127.0.0.1:" + port,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + IDENTITY,
                "s3proxy.credential=" + CREDENTIAL,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data,
                ""));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:+UseSerialGC", "-jar", jar().toString(), "--properties", props.toString())
                .redirectErrorStream(true).redirectOutput(root.resolve("s3proxy.log").toFile());
        this.process = pb.start();
        awaitListening();
    }

    /** Starts S3Proxy with the bucket created. */
    public static S3ProxyProcess start(String bucket) {
        try {
            return new S3ProxyProcess(bucket);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start S3Proxy", e);
        }
    }

    /** The S3Proxy jar: {@code -Ds3proxy.jar}, else the copy the registry build makes, else the local Maven repository's. */
    static Path jar() {
        String explicit = System.getProperty("s3proxy.jar");
        if (explicit != null) return Path.of(explicit);
        for (Path p : List.of(Path.of("target/s3proxy/s3proxy.jar"), Path.of("../registry/target/s3proxy/s3proxy.jar"),
                Path.of(System.getProperty("user.home"), ".m2/repository/org/gaul/s3proxy/2.6.0/s3proxy-2.6.0-jar-with-dependencies.jar"))) {
            if (Files.isRegularFile(p)) return p.toAbsolutePath();
        }
        throw new IllegalStateException("no S3Proxy jar: build the registry module (mvn -pl registry test-compile) first");
    }

    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IOException("S3Proxy exited: " + log());
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException(ie);
                }
            }
        }
        throw new IOException("S3Proxy did not listen on " + port + ": " + log());
    }

    public String endpoint() { return "http://127.0.0.1:" + port; }
    public int port() { return port; }
    public String bucket() { return bucket; }
    /** Where the bucket's objects are files. */
    public Path bucketDir() { return data.resolve(bucket); }
    public Path root() { return root; }

    /** The settings a Dockyard process (or {@code S3Settings.parse}) needs to use this server. */
    public Map<String, String> env() {
        return Map.of("DOCKYARD_S3_ENDPOINT", endpoint(), "DOCKYARD_S3_REGION", "us-east-1",
                "AWS_ACCESS_KEY_ID", IDENTITY, "AWS_SECRET_ACCESS_KEY", CREDENTIAL);
    }

    /** Object keys in the bucket (relative paths of its files), sorted. */
    public List<String> objects() throws IOException {
        try (Stream<Path> s = Files.walk(bucketDir())) {
            return s.filter(Files::isRegularFile).map(p -> bucketDir().relativize(p).toString()).sorted().toList();
        }
    }

    public String log() {
        try {
            List<String> lines = Files.readAllLines(root.resolve("s3proxy.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
