package io.dockyard.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A standalone {@code dockyard agent} in a child JVM, joining one cluster as a container instance. */
public final class AgentProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private AgentProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code dockyard agent --endpoint E --cluster C --instance-name N --cpu CPU --memory MEM}. */
    public static AgentProcess start(String endpoint, String cluster, String name, int cpu, int memory, String zone) {
        return start(List.of(), endpoint, cluster, name, cpu, memory, zone, List.of());
    }

    /**
     * Starts the agent behind {@code wrapper} (e.g. {@code nsenter --net=…}: the agent of another host),
     * with more agent options after the usual ones.
     */
    public static AgentProcess start(List<String> wrapper, String endpoint, String cluster, String name, int cpu, int memory, String zone,
                                     List<String> moreArgs) {
        return start(wrapper, endpoint, cluster, name, cpu, memory, zone, moreArgs, java.util.Map.of());
    }

    /** The same with its environment changed: each entry set, or removed when its value is empty (say, the AWS_* credentials). */
    public static AgentProcess start(List<String> wrapper, String endpoint, String cluster, String name, int cpu, int memory, String zone,
                                     List<String> moreArgs, java.util.Map<String, String> env) {
        try {
            Path dataDir = Files.createTempDirectory("dockyard-agent-" + name + "-");
            Path log = Files.createTempFile("dockyard-agent-" + name + "-", ".log");
            List<String> args = new java.util.ArrayList<>(List.of("agent",
                    "--endpoint", endpoint, "--cluster", cluster, "--instance-name", name,
                    "--cpu", Integer.toString(cpu), "--memory", Integer.toString(memory), "--data-dir", dataDir.toString(),
                    "--availability-zone", zone));
            args.addAll(moreArgs);
            List<String> cmd = new java.util.ArrayList<>(wrapper);
            cmd.addAll(ChildJvm.dockyard(args));
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
            env.forEach((k, v) -> {
                if (v.isEmpty()) pb.environment().remove(k);
                else pb.environment().put(k, v);
            });
            Process p = pb.start();
            return new AgentProcess(p, log);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SIGKILL: the agent goes silent at once, its containers keep running. */
    public void kill9() { ChildJvm.kill9(process); }

    public String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
