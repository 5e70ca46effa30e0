package io.dockyard.asg.instances;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One host of its own on this machine: a network namespace {@code dyh-<slot>} joined to the machine by a
 * veth pair on a /30 of the instance /16 ({@code net16}: its first two octets) (the machine's end is the host's gateway, a default route
 * back), and a Docker Engine of its own inside it (its data root in the instance's directory, its socket
 * and run state under {@code /run/dyh-<slot>}, its own bridge and containerd namespace). Every step is
 * idempotent, so a host half made or left by a control plane killed with -9 is completed or removed.
 */
record NetnsHost(int slot, String net16, Path home) {
    static final String PREFIX = "dyh-";

    String name() { return PREFIX + slot; }

    /** The machine's end of the veth pair. */
    String gateway() { return address(1); }

    /** The host's own address (its end of the veth pair): its tasks' published ports answer there. */
    String address() { return address(2); }

    private String address(int host) {
        int offset = slot * 4 + host;
        return net16 + "." + (offset / 256) + "." + (offset % 256);
    }

    Path run() { return Path.of("/run", name()); }

    String dockerHost() { return "unix://" + run().resolve("docker.sock"); }

    String netns() { return "/var/run/netns/" + name(); }

    /** Makes the namespace and the veth pair unless they exist, and records {@code owner} (the instances' directory) as the host's. */
    void link(Path owner) {
        try {
            Files.createDirectories(run());
            Files.writeString(run().resolve("owner"), owner.toAbsolutePath().toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + run() + ": " + e.getMessage(), e);
        }
        if (Files.exists(Path.of(netns()))) return;
        String outside = name() + "a", inside = name() + "b";
        quiet("ip", "link", "del", outside); // a pair left without its namespace
        sh("ip", "netns", "add", name());
        sh("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
        sh("ip", "link", "set", inside, "netns", name());
        sh("ip", "addr", "add", gateway() + "/30", "dev", outside);
        sh("ip", "link", "set", outside, "up");
        sh("ip", "netns", "exec", name(), "ip", "addr", "add", address() + "/30", "dev", inside);
        sh("ip", "netns", "exec", name(), "ip", "link", "set", inside, "up");
        sh("ip", "netns", "exec", name(), "ip", "link", "set", "lo", "up");
        sh("ip", "netns", "exec", name(), "ip", "route", "add", "default", "via", gateway());
    }

    /** Starts the host's dockerd unless it runs (by its pid file), and waits until it answers. */
    void dockerd() {
        if (pid(run().resolve("dockerd.pid")).isPresent() && answers()) return;
        try {
            Files.createDirectories(run());
            Files.createDirectories(home);
            // nsenter, not ip netns exec: that one remounts /sys and dockerd then finds no devices cgroup
            new ProcessBuilder("nsenter", "--net=" + netns(), "dockerd", "--data-root", home.resolve("docker").toString(),
                    "--exec-root", run().resolve("exec").toString(), "--pidfile", run().resolve("dockerd.pid").toString(),
                    "-H", dockerHost(), "--containerd-namespace", name(), "--containerd-plugins-namespace", name() + "-plugins")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("dockerd.log").toFile())).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start dockerd of " + name() + ": " + e.getMessage(), e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (answers()) return;
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted");
            }
        }
        throw new IllegalStateException("dockerd of " + name() + " did not answer in 60 s (see " + home.resolve("dockerd.log") + ")");
    }

    private boolean answers() {
        try {
            return !run(List.of("docker", "-H", dockerHost(), "version", "--format", "{{.Server.Version}}"), Duration.ofSeconds(10)).isBlank();
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /** Removes its containers, stops its dockerd (and the containerd shims of its run directory). */
    void stopDockerd() {
        if (answers()) {
            String ids = quiet("docker", "-H", dockerHost(), "ps", "-aq");
            if (!ids.isBlank()) {
                List<String> rm = new ArrayList<>(List.of("docker", "-H", dockerHost(), "rm", "-f"));
                rm.addAll(List.of(ids.split("\\s+")));
                quiet(rm.toArray(String[]::new));
            }
        }
        pid(run().resolve("dockerd.pid")).ifPresent(p -> {
            p.destroy();
            try {
                p.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                p.destroyForcibly();
            }
        });
        String mark = run() + "/";
        ProcessHandle.allProcesses().filter(p -> cmdline(p.pid()).contains(mark)).forEach(ProcessHandle::destroyForcibly);
    }

    /** Stops everything and removes the namespace, the veth pair, the mounts and the run directory (not {@code home}). */
    void remove() {
        stopDockerd();
        unmountUnder(run());
        unmountUnder(home);
        quiet("ip", "netns", "del", name());
        quiet("ip", "link", "del", name() + "a");
        deleteTree(run());
    }

    /** The instances' directory of the control plane that made host {@code slot}, if it says. */
    static Optional<Path> owner(int slot) {
        try {
            return Optional.of(Path.of(Files.readString(Path.of("/run", PREFIX + slot, "owner")).trim()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Where {@code ip netns add} keeps the named namespaces (iproute2's NETNS_RUN_DIR). */
    private static final Path NETNS_DIR = Path.of("/var/run/netns");

    /**
     * The namespaces of hosts on this machine ({@code dyh-<slot>}), by slot: the names {@code ip netns list} would print,
     * read from its directory (no process to start: this runs on every start of the control plane).
     */
    static List<Integer> existingSlots() {
        return existingSlots(NETNS_DIR);
    }

    static List<Integer> existingSlots(Path netnsDir) {
        List<String> names;
        try (Stream<Path> entries = Files.list(netnsDir)) {
            names = entries.map(p -> p.getFileName().toString()).toList();
        } catch (IOException e) {
            names = List.of(); // no namespace was ever named on this machine
        }
        List<Integer> out = new ArrayList<>();
        for (String n : names) {
            if (n.startsWith(PREFIX)) {
                try {
                    out.add(Integer.parseInt(n.substring(PREFIX.length())));
                } catch (NumberFormatException ignored) {
                    // not one of ours
                }
            }
        }
        return out;
    }

    /** Why hosts of their own cannot be made here, or empty when they can (root, and ip, nsenter, dockerd, iptables found). */
    static Optional<String> unavailable() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:") && !line.split("\\s+")[1].equals("0")) return Optional.of("not running as root");
            }
        } catch (IOException e) {
            return Optional.of("no /proc/self/status");
        }
        for (String tool : List.of("ip", "nsenter", "dockerd", "iptables")) {
            boolean found = Stream.of(System.getenv().getOrDefault("PATH", "/usr/sbin:/usr/bin:/sbin:/bin").split(":"))
                    .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
            if (!found) return Optional.of(tool + " not found on PATH");
        }
        return Optional.empty();
    }

    static Optional<ProcessHandle> pid(Path file) {
        try {
            long pid = Long.parseLong(Files.readString(file).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    static String cmdline(long pid) { return HostShell.cmdline(pid); }

    private static void unmountUnder(Path dir) { HostShell.unmountUnder(dir); }

    static void deleteTree(Path dir) {
        if (Files.exists(dir)) quiet("rm", "-rf", dir.toString());
    }

    private static String sh(String... cmd) { return HostShell.sh(cmd); }

    private static String quiet(String... cmd) { return HostShell.quiet(cmd); }

    private static String run(List<String> cmd, Duration timeout) { return HostShell.run(cmd, timeout); }
}
