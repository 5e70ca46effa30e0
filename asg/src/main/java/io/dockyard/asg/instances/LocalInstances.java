package io.dockyard.asg.instances;

import io.dockyard.core.port.InstanceProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The {@code local} instance provider: each instance is a {@code dockyard agent} process on this
 * machine with its own data directory ({@code <dir>/<instance-id>}, with {@code agent.log} and the
 * process id), offering the group's host size to the cluster. A control plane that restarts finds its
 * agents by their process ids and starts again those that are gone; closing it stops them (their task
 * containers keep running and are adopted again by the next agent, as with any agent restart).
 */
public final class LocalInstances implements InstanceProvider {
    private static final Logger log = LoggerFactory.getLogger(LocalInstances.class);

    private final List<String> agentCommand;
    private final java.util.function.Supplier<String> endpoint;
    private final Path dir;
    private final java.util.function.Supplier<Map<String, String>> agentEnv;
    private final Map<String, ProcessHandle> running = new ConcurrentHashMap<>();

    /**
     * {@code agentCommand}: how to run {@code dockyard agent} (e.g. java -cp … io.dockyard.server.Main agent); {@code agentEnv}: the
     * environment the agents get on top of this process's (the key they sign with, or none).
     */
    public LocalInstances(List<String> agentCommand, java.util.function.Supplier<String> endpoint, Path dir,
                          java.util.function.Supplier<Map<String, String>> agentEnv) {
        this.agentCommand = List.copyOf(agentCommand);
        this.endpoint = endpoint;
        this.dir = dir;
        this.agentEnv = agentEnv;
    }

    @Override public String name() { return "local"; }

    @Override
    public void launch(String instanceId, String cluster, int cpu, int memory) {
        Optional<ProcessHandle> alive = find(instanceId);
        if (alive.isPresent()) {
            running.put(instanceId, alive.get());
            return;
        }
        try {
            Path home = dir.resolve(instanceId);
            Files.createDirectories(home);
            List<String> cmd = new ArrayList<>(agentCommand);
            cmd.addAll(List.of("--endpoint", endpoint.get(), "--cluster", cluster, "--instance-name", instanceId, "--cpu", Integer.toString(cpu),
                    "--memory", Integer.toString(memory), "--data-dir", home.resolve("agent").toString(), "--task-bind-address", "127.0.0.1",
                    "--address", "127.0.0.1"));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("agent.log").toFile()));
            pb.environment().putAll(agentEnv.get());
            Process p = pb.start();
            Files.writeString(home.resolve("pid"), Long.toString(p.pid()));
            running.put(instanceId, p.toHandle());
            log.info("instance launched id={} cluster={} cpu={} memory={} pid={}", instanceId, cluster, cpu, memory, p.pid());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the instance's agent process is alive (after a restart, by the process id it left). */
    @Override
    public boolean alive(String instanceId) { return find(instanceId).isPresent(); }

    private Optional<ProcessHandle> find(String instanceId) {
        ProcessHandle h = running.get(instanceId);
        if (h != null && h.isAlive()) return Optional.of(h);
        try {
            Path pid = dir.resolve(instanceId).resolve("pid");
            if (!Files.exists(pid)) return Optional.empty();
            return ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().commandLine().map(c -> c.contains(instanceId)).orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public void terminate(String instanceId) {
        find(instanceId).ifPresent(p -> stop(p, instanceId));
        running.remove(instanceId);
        try {
            Path home = dir.resolve(instanceId);
            Files.deleteIfExists(home.resolve("pid"));
        } catch (IOException e) {
            log.debug("instance {}: {}", instanceId, e.toString());
        }
        log.info("instance terminated id={}", instanceId);
    }

    /** Stops an agent: SIGTERM, then SIGKILL after 10 s. */
    static void stop(ProcessHandle p, String id) {
        p.destroy();
        try {
            p.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("instance {} did not stop in 10 s: killed", id);
            p.destroyForcibly();
        }
    }

    /** Stops the agents this process runs (their containers stay, as with any agent stop). */
    @Override
    public void close() {
        running.forEach((id, p) -> { if (p.isAlive()) stop(p, id); });
    }
}
