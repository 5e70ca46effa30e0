package io.dockyard.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The docker CLI, to check from outside what Dockyard did with the engine; and the test image. */
public final class Docker {
    /** The offline busybox image the tests run (made by scripts/make-test-image.sh). */
    public static final String BUSYBOX = "dockyard-test/busybox:latest";

    private Docker() {}

    /** Makes the test image if it is missing. */
    public static synchronized void ensureTestImage() {
        Path script = Path.of(System.getProperty("dockyard.root", ".."), "scripts", "make-test-image.sh").toAbsolutePath();
        String out = run(List.of("bash", script.toString(), BUSYBOX));
        if (out == null) throw new IllegalStateException("cannot make the test image with " + script);
    }

    /** Runs {@code docker args...}; returns stdout, or null when docker exited non-zero. */
    public static String docker(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add("docker");
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private static String run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out.trim() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
