package io.dockyard.it.support;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a browser test script ({@code node <script>}) from {@code integration/src/test/browser}, where its
 * {@code lib/browser.mjs} drives Debian's Chromium with Playwright. Output (stdout and stderr merged) is echoed line
 * by line to System.out with the prefix {@code [browser] } and returned. SCREENSHOT_DIR defaults to the module's
 * {@code target/console-screenshots}.
 */
public final class Browser {
    private Browser() {}

    /** The script's exit code (-1 when it was killed on timeout) and its merged output. */
    public record Result(int exitCode, String output) {}

    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Duration NPM_TIMEOUT = Duration.ofMinutes(5);
    private static boolean installed;

    /** Present while {@code ./dockyard test} installs Chromium in the background. */
    static final Path PENDING = Path.of("/tmp/dockyard-chromium.pending");
    static final Duration INSTALL_WAIT = Duration.ofMinutes(8);

    /**
     * True when /usr/bin/chromium and node (on PATH) exist; first waits (up to {@link #INSTALL_WAIT}) while
     * {@code ./dockyard test} is still installing Chromium in the background.
     */
    public static boolean available() {
        long deadline = System.nanoTime() + INSTALL_WAIT.toNanos();
        boolean said = false;
        while (Files.exists(PENDING) && System.nanoTime() < deadline) {
            if (!said) System.out.println("[browser] waiting for the background Chromium install to finish");
            said = true;
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Files.isExecutable(CHROMIUM) && onPath("node");
    }

    /** The folder of package.json and lib/: src/test/browser of the module, or integration/src/test/browser. */
    public static Path dir() {
        Path cwd = Path.of(System.getProperty("user.dir"));
        Path inModule = cwd.resolve("src/test/browser");
        return (Files.isDirectory(inModule) ? inModule : cwd.resolve("integration/src/test/browser")).toAbsolutePath().normalize();
    }

    /**
     * Runs {@code node script} (relative to {@link #dir()} or absolute) with {@code env} added to this process's
     * environment; kills the process tree after {@code timeout}. Runs {@code npm ci} first if node_modules is missing.
     */
    public static Result run(String script, Map<String, String> env, Duration timeout) {
        Path dir = dir();
        ensureInstalled(dir);
        ProcessBuilder pb = new ProcessBuilder(List.of("node", script)).directory(dir.toFile()).redirectErrorStream(true);
        if (System.getenv("SCREENSHOT_DIR") == null) {
            pb.environment().put("SCREENSHOT_DIR", dir.resolve("../../../target/console-screenshots").normalize().toString());
        }
        pb.environment().putAll(env);
        return exec(pb, timeout);
    }

    private static synchronized void ensureInstalled(Path dir) {
        if (installed || Files.isDirectory(dir.resolve("node_modules/playwright-core"))) {
            installed = true;
            return;
        }
        ProcessBuilder pb = new ProcessBuilder(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"))
                .directory(dir.toFile()).redirectErrorStream(true);
        Result r = exec(pb, NPM_TIMEOUT);
        if (r.exitCode() != 0) throw new IllegalStateException("npm ci in " + dir + " failed (exit " + r.exitCode() + "):\n" + r.output());
        installed = true;
    }

    private static Result exec(ProcessBuilder pb, Duration timeout) {
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", pb.command()) + " in " + pb.directory(), e);
        }
        try {
            p.getOutputStream().close();
        } catch (IOException ignored) {
            // no standard input either way
        }
        StringBuilder out = new StringBuilder();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    System.out.println("[browser] " + line);
                    synchronized (out) {
                        out.append(line).append('\n');
                    }
                }
            } catch (IOException ignored) {
                // the process was killed
            }
        });
        try {
            int exit;
            if (p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                exit = p.exitValue();
            } else {
                killTree(p);
                exit = -1;
            }
            reader.join(Duration.ofSeconds(10)); // a leftover grandchild holding the pipe must not hang the test
            synchronized (out) {
                if (exit == -1) {
                    String line = "timed out after " + timeout + ": " + String.join(" ", pb.command()) + " (killed)";
                    System.out.println("[browser] " + line);
                    out.append(line).append('\n');
                }
                return new Result(exit, out.toString());
            }
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", pb.command()), e);
        }
    }

    /** SIGTERM first (Playwright then closes Chromium and deletes its temp profile), then SIGKILL to the whole tree. */
    private static void killTree(Process p) {
        List<ProcessHandle> tree = p.descendants().toList(); // before the parent dies and they are re-parented
        p.destroy();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        p.destroyForcibly();
        tree.forEach(ProcessHandle::destroyForcibly);
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean onPath(String name) {
        String path = System.getenv("PATH");
        if (path == null) return false;
        for (String d : path.split(File.pathSeparator)) {
            if (!d.isEmpty() && Files.isExecutable(Path.of(d, name))) return true;
        }
        return false;
    }
}
