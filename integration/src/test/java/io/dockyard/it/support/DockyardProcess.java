package io.dockyard.it.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real Dockyard ({@code dockyard up}: control plane + embedded agent) in a child JVM, on a free
 * port with its own data directory, as a user runs it. {@link #kill9()} and {@link #start()} again
 * test crash recovery on the same state.
 */
public final class DockyardProcess implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private final List<String> extraArgs;
    private String command = "up";
    private final java.util.Map<String, String> env = new java.util.HashMap<>();
    private Process process;
    private Path log;

    private String host = "localhost";

    public DockyardProcess(String... extraArgs) {
        try {
            this.dataDir = Files.createTempDirectory("dockyard-it-");
            this.port = freePort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        this.extraArgs = List.of(extraArgs);
    }

    private DockyardProcess(DockyardProcess same, int port) {
        this.dataDir = same.dataDir;
        this.port = port;
        this.extraArgs = same.extraArgs;
        this.command = same.command;
        this.host = same.host;
        this.env.putAll(same.env);
    }

    /** Another process of the same kind on the same data directory (so the same state), on another free port; not started. */
    public DockyardProcess onAnotherPort() {
        try {
            return new DockyardProcess(this, freePort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Binds the edge port on {@code address} ({@code --host}) instead of loopback, e.g. for agents in other network namespaces. */
    public DockyardProcess bind(String address) {
        host = address;
        return this;
    }

    /** {@code dockyard server}: the control plane alone, no embedded agent (tests that play the agent themselves). */
    public static DockyardProcess controlPlaneOnly(String... extraArgs) {
        DockyardProcess p = new DockyardProcess(extraArgs);
        p.command = "server";
        return p;
    }

    public static int freePort() throws IOException {
        while (true) {
            try (ServerSocket s = new ServerSocket(0)) {
                // the kernel may hand the same free port to two callers in a row (a class's DNS port and then its edge port):
                // never hand out one twice in this JVM
                if (HANDED_OUT.add(s.getLocalPort())) return s.getLocalPort();
            }
        }
    }

    private static final java.util.Set<Integer> HANDED_OUT = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final List<String> jvmFlags = new ArrayList<>();

    /** Adds JVM flags for the child process (before {@link #start()}), e.g. the launcher's {@code -Xmx384m}. */
    public DockyardProcess jvm(String... flags) {
        jvmFlags.addAll(List.of(flags));
        return this;
    }

    /** The child process's id (to sample its memory). */
    public long pid() { return process.pid(); }

    /** Sets an environment variable for the child process (before {@link #start()}). */
    public DockyardProcess env(String name, String value) {
        env.put(name, value);
        return this;
    }

    public int port() { return port; }
    public String endpoint() { return (tls() ? "https" : "http") + "://" + host + ":" + port; }

    /** Whether the edge serves HTTPS: secure mode unless {@code --tls off}, or {@code --tls on}. */
    public boolean tls() {
        int at = extraArgs.indexOf("--tls");
        String mode = at >= 0 && at + 1 < extraArgs.size() ? extraArgs.get(at + 1) : env.getOrDefault("DOCKYARD_TLS", "auto");
        return mode.equals("on") || mode.equals("auto") && extraArgs.contains("--secure");
    }

    /** What clients trust the edge with: the operator's {@code --tls-cert}, else the CA Dockyard made in its data directory. */
    public Path caFile() {
        int at = extraArgs.indexOf("--tls-cert");
        return at >= 0 ? Path.of(extraArgs.get(at + 1)) : dataDir.resolve("tls").resolve("ca.pem");
    }

    /** A client for the edge: trusting {@link #caFile()} when the edge serves HTTPS. */
    public HttpClient http() {
        if (!tls() || !Files.exists(caFile())) return HttpClient.newHttpClient();
        return HttpClient.newBuilder().sslContext(io.dockyard.protocol.tls.ClientTrust.bundle(caFile())).build();
    }

    /** The AWS CLI at the edge, trusting {@link #caFile()} when the edge serves HTTPS. */
    public AwsCli cli() {
        AwsCli cli = new AwsCli(endpoint());
        return tls() ? cli.caBundle(caFile()) : cli;
    }
    public Path dataDir() { return dataDir; }
    public Path log() { return log; }

    /** Starts the process (again, on the same data directory) and waits until health answers. */
    public DockyardProcess start() {
        try {
            log = Files.createTempFile("dockyard-it-", ".log");
            List<String> args = new ArrayList<>(List.of(command, "--port", Integer.toString(port), "--data-dir", dataDir.toString()));
            if (!"localhost".equals(host)) args.addAll(List.of("--host", host));
            args.addAll(extraArgs);
            List<String> cmd = ChildJvm.dockyard(jvmFlags, args);
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            pb.environment().putAll(env);
            process = pb.start();
            try {
                waitHealthy(Duration.ofSeconds(90)); // returns as soon as healthy; a loaded 2-core CI machine needs the margin
            } catch (RuntimeException e) {
                process.destroyForcibly(); // no orphan when it never came up
                throw e;
            }
            return this;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void waitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new IllegalStateException("dockyard exited: " + tail());
            try {
                HttpResponse<String> r = http().send(HttpRequest.newBuilder(URI.create(endpoint() + "/_dockyard/health")).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) return;
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            ChildJvm.sleep(50);
        }
        throw new IllegalStateException("dockyard did not become healthy: " + tail());
    }

    /** POST /_dockyard/reset (with the dev-helper header): wipes the state and removes Dockyard's containers. */
    public void reset() {
        try {
            HttpResponse<String> r = http().send(HttpRequest.newBuilder(URI.create(endpoint() + "/_dockyard/reset")).header("X-Dockyard-Dev", "1")
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IllegalStateException("reset answered " + r.statusCode() + " " + r.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SIGTERM, as a service manager or Ctrl-C stops Dockyard; waits up to 30 s and returns how long the exit took. */
    public Duration terminate() {
        long t0 = System.nanoTime();
        process.destroy();
        try {
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) throw new IllegalStateException("still running 30 s after SIGTERM: " + tail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** The process's output so far. */
    public List<String> output() {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The value of the first output line starting with {@code prefix} (say, the root key a secure start prints once). */
    public String printed(String prefix) {
        return output().stream().map(String::strip).filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + prefix + " in the output:\n" + tail()));
    }

    /** The AWS CLI at this process's endpoint as the root key it printed on its first start in secure mode. */
    public AwsCli rootCli() { return cli().as(printed("AWS_ACCESS_KEY_ID="), printed("AWS_SECRET_ACCESS_KEY="), null); }

    /** SIGKILL: no shutdown hook runs, as in a crash. */
    public void kill9() { ChildJvm.kill9(process); }

    public String tail() { return ChildJvm.tail(log, 40); }


    /** Resets (removing containers) and stops the process. */
    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            try {
                reset();
            } catch (RuntimeException ignored) {
                // best effort: the process may be failing already
            }
            process.destroy();
            try {
                if (!process.waitFor(java.time.Duration.ofSeconds(10).toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) process.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
