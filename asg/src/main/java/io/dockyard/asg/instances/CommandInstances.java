package io.dockyard.asg.instances;

import io.dockyard.core.port.InstanceProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The {@code command} instance provider: a user's script adds and removes hosts (a cloud CLI, Ansible,
 * …). Called as {@code <script> launch <instance-id> <cluster> <cpu> <memory> <endpoint>} — the new
 * host then runs {@code dockyard agent --endpoint <endpoint> --cluster <cluster> --instance-name
 * <instance-id>} — and {@code <script> terminate <instance-id>}. A call may take up to 10 minutes;
 * a failure is logged and retried by the group controller. What the new agent needs besides is in the script's
 * environment: {@code DOCKYARD_AGENT_ACCESS_KEY_ID} and {@code DOCKYARD_AGENT_SECRET_ACCESS_KEY} (secure mode: the key the
 * agent signs with, for its {@code AWS_ACCESS_KEY_ID} / {@code AWS_SECRET_ACCESS_KEY}) and {@code DOCKYARD_CA_BUNDLE} (with
 * TLS: the file of the CA that signed the edge's certificate, for the agent's {@code --ca-bundle}). Names of their own, so
 * that a cloud CLI the script runs keeps its own credentials.
 */
public final class CommandInstances implements InstanceProvider {
    private static final Logger log = LoggerFactory.getLogger(CommandInstances.class);
    private final String script;
    private final String endpoint;
    private final java.util.function.Supplier<java.util.Map<String, String>> agentEnv;

    /** {@code agentEnv}: the {@code DOCKYARD_AGENT_*} / {@code DOCKYARD_CA_BUNDLE} variables of a launch (those that apply). */
    public CommandInstances(String script, String endpoint, java.util.function.Supplier<java.util.Map<String, String>> agentEnv) {
        this.script = script;
        this.endpoint = endpoint;
        this.agentEnv = agentEnv;
    }

    @Override public String name() { return "command"; }

    @Override
    public void launch(String instanceId, String cluster, int cpu, int memory) {
        run(List.of(script, "launch", instanceId, cluster, Integer.toString(cpu), Integer.toString(memory), endpoint), agentEnv.get());
    }

    @Override
    public void terminate(String instanceId) { run(List.of(script, "terminate", instanceId), java.util.Map.of()); }

    private void run(List<String> cmd, java.util.Map<String, String> env) {
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("instance command timed out: " + cmd);
            }
            if (p.exitValue() != 0) throw new IllegalStateException("instance command exited " + p.exitValue() + ": " + cmd);
            log.info("instance command done: {}", String.join(" ", cmd));
        } catch (IOException e) {
            throw new IllegalStateException("instance command failed: " + cmd + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
