package io.dockyard.it.support;

import io.dockyard.asg.instances.HostShell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Another machine on this one: a network namespace joined to the root namespace by a veth pair
 * ({@code 10.231.N.1} on the root side, {@code 10.231.N.2} inside, a default route back), with a
 * dockerd of its own inside it (its own bridge, data root and socket under {@code /tmp/<name>}), the
 * test images loaded into it, and Dockyard agents run inside it with {@code nsenter}. Published ports
 * of its containers answer at {@link #address()} from the root namespace, and nowhere else.
 * <p>Names start with {@code dyt-}, addresses are in 10.231.0.0/16. {@link #close()} removes everything
 * (idempotent, also after a half-made host); {@link #cleanLeftovers(String)} removes what a crashed run
 * left under a name prefix. Needs root.
 */
public final class TestHost implements AutoCloseable {
    private final String name;
    private final int subnet;
    private final Path dir;
    private final List<AgentProcess> agents = new CopyOnWriteArrayList<>();
    private Process dockerd;

    private TestHost(String name, int subnet) {
        if (!name.startsWith("dyt-") || name.length() > 12) throw new IllegalArgumentException("test host names are dyt-… and at most 12 characters: " + name);
        this.name = name;
        this.subnet = subnet;
        this.dir = Path.of("/tmp", name);
    }

    /**
     * Makes host {@code name} on 10.231.{@code subnet}.0/30, starts its dockerd and loads {@code images}
     * from the root engine. Anything made is removed again when a step fails.
     */
    public static TestHost create(String name, int subnet, String... images) {
        TestHost h = new TestHost(name, subnet);
        try {
            h.link();
            h.startDockerd();
            for (String image : images) h.load(image);
            return h;
        } catch (RuntimeException e) {
            h.close();
            throw e;
        }
    }

    /** Work done while hosts are being made. */
    public interface Meanwhile {
        void run() throws Exception;
    }

    /**
     * Makes hosts {@code prefix1, prefix2, …} on the given subnets in parallel while {@code meanwhile} runs (e.g. starting
     * the control plane); every host made lands in {@code into} before anything is rethrown, so the caller's clean-up
     * removes it.
     */
    public static void createAll(List<TestHost> into, String prefix, Meanwhile meanwhile, String image, int... subnets) throws Exception {
        List<java.util.concurrent.CompletableFuture<TestHost>> made = new ArrayList<>();
        for (int i = 0; i < subnets.length; i++) {
            String name = prefix + (i + 1);
            int subnet = subnets[i];
            made.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> create(name, subnet, image)));
        }
        try {
            meanwhile.run();
        } finally {
            for (java.util.concurrent.CompletableFuture<TestHost> h : made) {
                try {
                    into.add(h.join());
                } catch (RuntimeException ignored) {
                    // rethrown below
                }
            }
        }
        for (java.util.concurrent.CompletableFuture<TestHost> h : made) h.join();
    }

    /** The address its published ports answer at (inside end of the veth pair). */
    public String address() { return "10.231." + subnet + ".2"; }

    /** The root namespace's end of the veth pair. */
    public String gateway() { return "10.231." + subnet + ".1"; }

    public String name() { return name; }

    /** Its Docker Engine socket. */
    public String dockerHost() { return "unix://" + dir.resolve("docker.sock"); }

    /** {@code docker args...} against this host's engine: stdout, or an exception with the output. */
    public String docker(String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker", "-H", dockerHost()));
        cmd.addAll(List.of(args));
        return run(cmd, Duration.ofSeconds(60));
    }

    /**
     * Starts {@code dockyard agent} inside this host ({@code nsenter --net}) with its engine
     * ({@code --docker-host}); {@code moreArgs} after the usual options.
     */
    public AgentProcess startAgent(String endpoint, String cluster, String instanceName, int cpu, int memory, String... moreArgs) {
        List<String> args = new ArrayList<>(List.of("--docker-host", dockerHost()));
        args.addAll(List.of(moreArgs));
        AgentProcess a = AgentProcess.start(List.of("nsenter", "--net=" + netns()), endpoint, cluster, instanceName, cpu, memory, "us-east-1a", args);
        agents.add(a);
        return a;
    }

    /**
     * A local address every test host can reach (a /32 on the root namespace's loopback, labelled
     * {@code lo:<name>}): where a control plane listens for agents in test hosts and for the test itself.
     */
    public static String rootAddress(String name, String address) {
        removeRootAddress(name);
        sh("ip", "addr", "add", address + "/32", "dev", "lo", "label", "lo:" + name);
        return address;
    }

    /** Removes the addresses {@link #rootAddress} added under {@code name} (or under names starting with it). */
    public static void removeRootAddress(String name) {
        for (String line : shQuiet("ip", "-o", "-4", "addr", "show", "dev", "lo").split("\n")) {
            String[] f = line.trim().split("\\s+");
            // 1: lo    inet 10.231.10.1/32 scope global lo:dyt-mhcp ...
            for (int i = 0; i + 1 < f.length; i++) {
                if (f[i].equals("inet") && line.contains("lo:" + name)) shQuiet("ip", "addr", "del", f[i + 1], "dev", "lo");
            }
        }
    }

    private String netns() { return "/var/run/netns/" + name; }

    private void link() {
        String outside = name + "a", inside = name + "b";
        sh("ip", "netns", "add", name);
        sh("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
        sh("ip", "link", "set", inside, "netns", name);
        sh("ip", "addr", "add", gateway() + "/30", "dev", outside);
        sh("ip", "link", "set", outside, "up");
        sh("ip", "netns", "exec", name, "ip", "addr", "add", address() + "/30", "dev", inside);
        sh("ip", "netns", "exec", name, "ip", "link", "set", inside, "up");
        sh("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
        sh("ip", "netns", "exec", name, "ip", "route", "add", "default", "via", gateway());
    }

    /** dockerd with nsenter ({@code ip netns exec} remounts /sys, and dockerd then finds no devices cgroup). */
    private void startDockerd() {
        try {
            Files.createDirectories(dir);
            List<String> cmd = List.of("nsenter", "--net=" + netns(), "dockerd",
                    "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                    "--pidfile", dir.resolve("pid").toString(), "-H", dockerHost(),
                    "--containerd-namespace", name, "--containerd-plugins-namespace", name + "-plugins");
            dockerd = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!dockerd.isAlive()) throw new IllegalStateException("dockerd of " + name + " exited: " + ChildJvm.tail(dir.resolve("dockerd.log"), 20));
            try {
                docker("version", "--format", "{{.Server.Version}}");
                return;
            } catch (IllegalStateException notYet) {
                ChildJvm.sleep(200);
            }
        }
        throw new IllegalStateException("dockerd of " + name + " did not answer: " + ChildJvm.tail(dir.resolve("dockerd.log"), 20));
    }

    /** {@code docker save image | docker -H <this host> load}: no registry needed. */
    private void load(String image) {
        run(List.of("sh", "-c", "docker save '" + image + "' | docker -H '" + dockerHost() + "' load"), Duration.ofSeconds(120));
    }

    /** Stops its agents, removes its containers, stops its dockerd, removes the namespace, the veth pair and {@code /tmp/<name>}. */
    @Override
    public void close() {
        agents.forEach(AgentProcess::close);
        agents.clear();
        if (dockerd != null && dockerd.isAlive()) {
            try {
                String ids = docker("ps", "-aq");
                if (!ids.isBlank()) {
                    List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                    rm.addAll(List.of(ids.split("\\s+")));
                    docker(rm.toArray(String[]::new));
                }
            } catch (IllegalStateException e) {
                // the engine is failing: stopping it is all that is left
            }
            dockerd.destroy();
            try {
                if (!dockerd.waitFor(20, TimeUnit.SECONDS)) ChildJvm.kill9(dockerd);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        remove(name);
    }

    /** Removes every test host whose name starts with {@code prefix} that a crashed run left behind. */
    public static void cleanLeftovers(String prefix) {
        if (!prefix.startsWith("dyt-")) throw new IllegalArgumentException("only dyt- names: " + prefix);
        List<String> names = new ArrayList<>();
        for (String line : shQuiet("ip", "netns", "list").split("\n")) {
            String n = line.trim().split("\\s+")[0];
            if (n.startsWith(prefix)) names.add(n);
        }
        try (Stream<Path> tmp = Files.list(Path.of("/tmp"))) {
            tmp.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix) && !names.contains(n)).forEach(names::add);
        } catch (IOException e) {
            // nothing under /tmp
        }
        for (String line : shQuiet("ip", "-o", "link", "show").split("\n")) {
            String[] parts = line.split(":\\s+");
            if (parts.length > 1) {
                String link = parts[1].split("@")[0];
                if (link.startsWith(prefix)) shQuiet("ip", "link", "del", link);
            }
        }
        names.forEach(TestHost::remove);
        removeRootAddress(prefix);
    }

    /** Stops a dockerd left by its pid file (and processes still using the host's directory), then the namespace, links, mounts and files. */
    private static void remove(String name) {
        Path dir = Path.of("/tmp", name);
        killByPidFile(dir.resolve("pid"), dir);
        killUsers(dir);
        unmountUnder(dir);
        shQuiet("ip", "netns", "del", name);
        shQuiet("ip", "link", "del", name + "a");
        deleteTree(dir);
    }

    private static void killByPidFile(Path pidFile, Path dir) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            ProcessHandle.of(pid).filter(p -> cmdline(pid).contains(dir.toString())).ifPresent(p -> {
                p.destroy();
                try {
                    p.onExit().get(20, TimeUnit.SECONDS);
                } catch (Exception e) {
                    p.destroyForcibly();
                }
            });
        } catch (IOException | NumberFormatException e) {
            // no dockerd left
        }
    }

    /** Processes whose command line names the host's own directory (its containerd and shims): only this host's. */
    private static void killUsers(Path dir) {
        String mark = dir + "/";
        ProcessHandle.allProcesses().filter(p -> cmdline(p.pid()).contains(mark)).forEach(ProcessHandle::destroyForcibly);
    }

    private static String cmdline(long pid) { return HostShell.cmdline(pid); }

    private static void unmountUnder(Path dir) { HostShell.unmountUnder(dir); }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) return;
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | java.io.UncheckedIOException e) {
            shQuiet("rm", "-rf", dir.toString());
        }
    }

    private static String sh(String... cmd) { return HostShell.sh(cmd); }

    /** Runs a command, ignoring failure (clean-up of what may not exist); its output. */
    private static String shQuiet(String... cmd) { return HostShell.quiet(cmd); }

    private static String run(List<String> cmd, Duration timeout) { return HostShell.run(cmd, timeout); }
}
