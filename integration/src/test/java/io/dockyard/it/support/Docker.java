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

    /**
     * A container definition ({@code app}) running {@code sh -c script} in the test image: 32 MiB, essential, a 2 s stop
     * timeout; a mutable map, so a test adds what it needs ({@code secrets}, {@code logConfiguration}, …).
     */
    public static java.util.Map<String, Object> shellContainer(String script) {
        java.util.Map<String, Object> c = new java.util.LinkedHashMap<>();
        c.put("name", "app");
        c.put("image", BUSYBOX);
        c.put("memory", 32);
        c.put("essential", true);
        c.put("stopTimeout", 2);
        c.put("command", List.of("sh", "-c", script));
        return c;
    }

    private static String gateway;

    /** The Docker bridge's gateway address: where containers reach a Dockyard bound to it. */
    public static synchronized String bridgeGateway() {
        if (gateway == null) gateway = docker("network", "inspect", "bridge", "-f", "{{(index .IPAM.Config 0).Gateway}}").trim();
        if (gateway.isEmpty() || gateway.startsWith("<")) {
            // a Docker Engine that leaves Gateway out of the default bridge's IPAM config: the bridge interface's own address
            String bridge = docker("network", "inspect", "bridge", "-f", "{{index .Options \"com.docker.network.bridge.name\"}}").trim();
            try {
                java.net.NetworkInterface nic = java.net.NetworkInterface.getByName(bridge.isEmpty() ? "docker0" : bridge);
                gateway = nic == null ? "" : nic.inetAddresses().filter(a -> a instanceof java.net.Inet4Address).map(java.net.InetAddress::getHostAddress)
                        .findFirst().orElse("");
            } catch (java.net.SocketException e) {
                throw new IllegalStateException(e);
            }
            if (gateway.isEmpty()) throw new IllegalStateException("cannot find the Docker bridge's gateway address");
        }
        return gateway;
    }
}
