package io.dockyard.asg.instances;

import io.dockyard.core.port.InstanceProvider;
import io.dockyard.protocol.net.TcpRelay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The {@code local} instance provider with hosts of their own: each instance is a network namespace with its
 * own Docker Engine ({@link NetnsHost}) and a {@code dockyard agent} inside it, offering the group's host size.
 * The host reaches the control plane as a separate machine would, over its veth pair: the control plane relays
 * the host's gateway address to its edge port on the loopback ({@link TcpRelay}), and the agent relays the
 * host's own {@code localhost:<port>} to the gateway, so the agent's endpoint (and its TLS name) and image names
 * such as {@code localhost:4566/app:1} mean what they mean on the machine. The instance's private address (its
 * tasks' published ports) is the host's end of the pair. A control plane that restarts finds its hosts by their
 * directories and pid files and relays them again; one killed with -9 leaves nothing that the next start does
 * not take over or remove.
 */
public final class NamespaceInstances implements InstanceProvider {
    private static final Logger log = LoggerFactory.getLogger(NamespaceInstances.class);
    private static final int MAX_SLOTS = 16_000;

    private final List<String> agentCommand;
    private final java.util.function.Supplier<String> endpoint;
    private final Path dir;
    private final String net16;
    private final java.util.function.Supplier<Map<String, String>> agentEnv;
    private final Map<String, NetnsHost> hosts = new ConcurrentHashMap<>();
    /** By slot: the relay of the host's gateway, or empty when the edge listens on that address itself. */
    private final Map<Integer, Optional<TcpRelay>> relays = new ConcurrentHashMap<>();
    private final Set<String> starting = ConcurrentHashMap.newKeySet();

    /**
     * {@code net16}: the first two octets of the /16 the hosts' /30s are cut from (e.g. {@code 10.213}); {@code agentEnv}: the
     * environment the agents get on top of this process's (the key they sign with, or none).
     */
    public NamespaceInstances(List<String> agentCommand, java.util.function.Supplier<String> endpoint, Path dir, String net16,
                              java.util.function.Supplier<Map<String, String>> agentEnv) {
        this.agentCommand = List.copyOf(agentCommand);
        this.endpoint = endpoint;
        this.dir = dir;
        this.net16 = net16;
        this.agentEnv = agentEnv;
        removeStrays();
    }

    /** Why hosts of their own cannot be made on this machine, or empty when they can. */
    public static Optional<String> unavailable() { return NetnsHost.unavailable(); }

    @Override public String name() { return "local"; }

    @Override
    public void launch(String instanceId, String cluster, int cpu, int memory) {
        if (!starting.add(instanceId)) return;
        Thread.ofVirtual().name("host-" + instanceId).start(() -> {
            long t0 = System.nanoTime();
            try {
                NetnsHost h = host(instanceId);
                h.link(dir);
                relay(h);
                h.dockerd();
                if (agent(h).isEmpty()) startAgent(h, instanceId, cluster, cpu, memory);
                log.info("instance launched id={} cluster={} cpu={} memory={} host={} address={} ms={}", instanceId, cluster, cpu, memory,
                        h.name(), h.address(), (System.nanoTime() - t0) / 1_000_000);
            } catch (RuntimeException e) {
                log.warn("instance {} could not be made: {}", instanceId, e.getMessage());
            } finally {
                starting.remove(instanceId);
            }
        });
    }

    private void startAgent(NetnsHost h, String instanceId, String cluster, int cpu, int memory) {
        URI edge = URI.create(endpoint.get());
        List<String> cmd = new ArrayList<>(List.of("nsenter", "--net=" + h.netns()));
        cmd.addAll(agentCommand);
        cmd.addAll(List.of("--endpoint", edge.toString(), "--relay-via", h.gateway(), "--cluster", cluster, "--instance-name", instanceId,
                "--cpu", Integer.toString(cpu), "--memory", Integer.toString(memory), "--data-dir", h.home().resolve("agent").toString(),
                "--docker-host", h.dockerHost(), "--task-bind-address", "0.0.0.0", "--address", h.address()));
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(h.home().resolve("agent.log").toFile()));
            pb.environment().putAll(agentEnv.get());
            Process p = pb.start();
            Files.writeString(h.home().resolve("pid"), Long.toString(p.pid()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the agent of " + instanceId + ": " + e.getMessage(), e);
        }
    }

    /** The control plane's side of the host's way in: its gateway address, at the edge port, relayed to the edge. */
    private void relay(NetnsHost h) {
        relays.computeIfAbsent(h.slot(), s -> {
            URI edge = URI.create(endpoint.get());
            int port = TcpRelay.port(edge);
            try {
                return Optional.of(TcpRelay.open(h.gateway(), port, new InetSocketAddress(edge.getHost(), port)));
            } catch (BindException e) {
                log.debug("relay {}:{} not opened (the edge listens there itself): {}", h.gateway(), port, e.toString());
                return Optional.empty();
            } catch (IOException e) {
                throw new IllegalStateException("cannot relay " + h.gateway() + ":" + port + ": " + e.getMessage(), e);
            }
        });
    }

    /** The host of an instance: its slot as recorded in its directory, else the lowest one free. */
    private NetnsHost host(String instanceId) {
        return hosts.computeIfAbsent(instanceId, id -> {
            Path home = dir.resolve(id);
            try {
                Files.createDirectories(home);
                Path slotFile = home.resolve("slot");
                if (Files.exists(slotFile)) return new NetnsHost(Integer.parseInt(Files.readString(slotFile).trim()), net16, home);
                synchronized (this) {
                    Set<Integer> used = new HashSet<>(slotsOnDisk().values());
                    used.addAll(NetnsHost.existingSlots());
                    int slot = 1;
                    while (used.contains(slot)) slot++;
                    if (slot >= MAX_SLOTS) throw new IllegalStateException("no free host address in " + net16 + ".0.0/16");
                    Files.writeString(slotFile, Integer.toString(slot));
                    return new NetnsHost(slot, net16, home);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The slots recorded in the instances' directories, by instance id. */
    private Map<String, Integer> slotsOnDisk() {
        Map<String, Integer> out = new java.util.HashMap<>();
        if (!Files.isDirectory(dir)) return out;
        try (Stream<Path> homes = Files.list(dir)) {
            for (Path home : homes.toList()) {
                try {
                    out.put(home.getFileName().toString(), Integer.parseInt(Files.readString(home.resolve("slot")).trim()));
                } catch (IOException | NumberFormatException e) {
                    // not a namespaced host
                }
            }
        } catch (IOException e) {
            log.debug("instances {}: {}", dir, e.toString());
        }
        return out;
    }

    /**
     * Hosts this control plane made that no instance directory claims any more (it was killed while removing one), and
     * hosts whose control plane's directory is gone: removed. Other control planes' hosts on this machine are left alone.
     */
    private void removeStrays() {
        Set<Integer> claimed = new HashSet<>(slotsOnDisk().values());
        Path self = dir.toAbsolutePath();
        for (int slot : NetnsHost.existingSlots()) {
            Optional<Path> owner = NetnsHost.owner(slot);
            if (owner.isEmpty()) continue;
            boolean ours = owner.get().equals(self) && !claimed.contains(slot);
            if (ours || !Files.exists(owner.get())) {
                log.info("removing the host {}{} no instance claims", NetnsHost.PREFIX, slot);
                new NetnsHost(slot, net16, owner.get().resolve(".stray-" + slot)).remove();
            }
        }
    }

    private Optional<ProcessHandle> agent(NetnsHost h) {
        return NetnsHost.pid(h.home().resolve("pid")).filter(p -> NetnsHost.cmdline(p.pid()).contains(h.home().toString()));
    }

    /** Whether the host's agent runs (a host being made counts); a host found running again gets its relay back. */
    @Override
    public boolean alive(String instanceId) {
        if (starting.contains(instanceId)) return true;
        if (!Files.exists(dir.resolve(instanceId).resolve("slot"))) return false;
        NetnsHost h = host(instanceId);
        if (agent(h).isEmpty()) return false;
        relay(h);
        return true;
    }

    @Override
    public void terminate(String instanceId) {
        NetnsHost h = host(instanceId);
        agent(h).ifPresent(p -> LocalInstances.stop(p, instanceId));
        h.remove();
        Optional<TcpRelay> r = relays.remove(h.slot());
        if (r != null) r.ifPresent(TcpRelay::close);
        hosts.remove(instanceId);
        NetnsHost.deleteTree(h.home());
        log.info("instance terminated id={} host={}", instanceId, h.name());
    }

    /**
     * Stops the hosts' agents and engines (their containers stop with them) and the relays; the namespaces and
     * directories stay, so the next start makes the same hosts again.
     */
    @Override
    public void close() {
        hosts.forEach((id, h) -> {
            agent(h).ifPresent(p -> LocalInstances.stop(p, id));
            h.stopDockerd();
        });
        relays.values().forEach(r -> r.ifPresent(TcpRelay::close));
        relays.clear();
    }
}
