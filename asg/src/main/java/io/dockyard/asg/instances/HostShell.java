package io.dockyard.asg.instances;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The commands a host of its own is made and removed with ({@code ip}, {@code umount}, …), and what is read of processes. */
public final class HostShell {
    private HostShell() {}

    /** Runs {@code cmd} (30 s at most): its output, or an IllegalStateException with it when it fails. */
    public static String sh(String... cmd) { return run(List.of(cmd), Duration.ofSeconds(30)); }

    /** Runs a command, ignoring failure (clean-up of what may not exist); its output. */
    public static String quiet(String... cmd) {
        try {
            return sh(cmd);
        } catch (IllegalStateException e) {
            return "";
        }
    }

    /** Runs {@code cmd} with stdin closed: its output (stdout and stderr), or an IllegalStateException with it when it fails. */
    public static String run(List<String> cmd, Duration timeout) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(String.join(" ", cmd) + ": timed out");
            }
            if (p.exitValue() != 0) throw new IllegalStateException(String.join(" ", cmd) + " exited " + p.exitValue() + ": " + out);
            return out;
        } catch (IOException e) {
            throw new IllegalStateException(String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The command line of process {@code pid} (arguments joined by spaces), or empty. */
    public static String cmdline(long pid) {
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    /** Unmounts (lazily, deepest first) everything mounted under {@code dir}. */
    public static void unmountUnder(Path dir) {
        try {
            List<String> mounts = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 1 && f[1].startsWith(dir + "/")) mounts.add(f[1]);
            }
            mounts.sort(Comparator.comparingInt(String::length).reversed());
            mounts.forEach(m -> quiet("umount", "-l", m));
        } catch (IOException e) {
            // no mounts to read
        }
    }
}
