package io.dockyard.agent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * 169.254.170.2:80, where the AWS SDKs look for task role credentials ({@code AWS_CONTAINER_CREDENTIALS_RELATIVE_URI}),
 * routed to the agent's endpoint as the ECS agent routes it: an iptables DNAT rule in PREROUTING (containers on Docker
 * bridges) and one in OUTPUT (host-network containers and the host), put first, so the newest agent of a host receives the
 * requests (it passes other agents' ids on to them); rules of agents that died without removing theirs are dropped.
 * Needs root and iptables; without them the rule is not made, and containers get {@code AWS_CONTAINER_CREDENTIALS_FULL_URI}
 * instead. Removed when the agent stops.
 */
final class CredentialsRoute {
    private static final Logger log = LoggerFactory.getLogger(CredentialsRoute.class);
    static final String ADDRESS = "169.254.170.2";

    private final List<List<String>> rules = new ArrayList<>();
    private volatile boolean installed;

    boolean installed() { return installed; }

    synchronized void install(String hostAddress, int port) {
        if (installed) return;
        removeStale();
        List<List<String>> wanted = List.of(
                List.of("PREROUTING", "-d", ADDRESS + "/32", "-p", "tcp", "--dport", "80", "-j", "DNAT", "--to-destination", hostAddress + ":" + port),
                List.of("OUTPUT", "-d", ADDRESS + "/32", "-p", "tcp", "--dport", "80", "-j", "DNAT", "--to-destination", hostAddress + ":" + port));
        for (List<String> rule : wanted) {
            if (iptables("-C", rule)) {
                rules.add(rule);
                continue;
            }
            if (!iptables("-I", rule)) {
                log.info("task role credentials are not routed at {} (iptables unavailable or not root); containers get AWS_CONTAINER_CREDENTIALS_FULL_URI", ADDRESS);
                remove();
                return;
            }
            rules.add(rule);
        }
        installed = true;
        log.debug("task role credentials routed at {}:80 to {}:{}", ADDRESS, hostAddress, port);
    }

    /**
     * Drops the rules of agents that are gone (killed before they could remove theirs): a rule for {@value #ADDRESS} whose
     * port no longer answers on this host would take the requests the live agents' rules should get.
     */
    private void removeStale() {
        for (String chain : List.of("PREROUTING", "OUTPUT")) {
            for (String line : list(chain)) {
                if (!line.startsWith("-A ") || !line.contains(ADDRESS) || !line.contains("--to-destination")) continue;
                String dest = line.substring(line.indexOf("--to-destination") + 16).trim().split("\\s+")[0];
                int colon = dest.lastIndexOf(':');
                if (colon < 0) continue;
                int port;
                try {
                    port = Integer.parseInt(dest.substring(colon + 1));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (answers(port)) continue;
                List<String> spec = new ArrayList<>(List.of(line.substring(3).trim().split("\\s+")));
                if (iptables("-D", spec)) log.debug("removed a stale credentials route to port {}", port);
            }
        }
    }

    private static boolean answers(int port) {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port), 300);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static List<String> list(String chain) {
        try {
            Process p = new ProcessBuilder("iptables", "-w", "5", "-t", "nat", "-S", chain).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out.lines().toList() : List.of();
        } catch (java.io.IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    synchronized void remove() {
        for (List<String> rule : rules) iptables("-D", rule);
        rules.clear();
        installed = false;
    }

    private static boolean iptables(String op, List<String> rule) {
        List<String> cmd = new ArrayList<>(List.of("iptables", "-w", "5", "-t", "nat", op));
        cmd.addAll(rule);
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            return p.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
