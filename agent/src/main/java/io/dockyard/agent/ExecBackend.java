package io.dockyard.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectExecResponse;
import io.dockyard.agent.exec.ExecServer;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The agent's part of ECS Exec: redeeming a session token with the control plane, and running the
 * command through the Engine in a container this agent runs ({@code docker exec} with a TTY).
 */
final class ExecBackend implements io.dockyard.agent.exec.ExecChannel.Backend {
    private final TaskServices s;
    private final ControlPlane controlPlane;

    ExecBackend(TaskServices s, ControlPlane controlPlane) {
        this.s = s;
        this.controlPlane = controlPlane;
    }

    @Override
    public ExecServer.Target redeem(String sessionId, String token) throws IOException, InterruptedException {
        JsonNode n;
        try {
            n = controlPlane.exec(Map.of("sessionId", sessionId, "token", token));
        } catch (ControlPlane.HttpError e) {
            return null;
        }
        String runtimeId = n.path("runtimeId").asText(null);
        if (runtimeId == null) return null;
        InspectContainerResponse c = s.engine().inspect(runtimeId);
        if (c == null || c.getConfig() == null || c.getConfig().getLabels() == null || !s.agentId().equals(c.getConfig().getLabels().get(Labels.AGENT))) {
            return null; // not a container of this agent
        }
        return new ExecServer.Target(n.path("taskArn").asText(), n.path("containerName").asText(), runtimeId, n.path("command").asText());
    }

    @Override
    public String create(ExecServer.Target t, int rows, int cols) {
        List<String> words = ExecServer.words(t.command());
        return s.engine().client().execCreateCmd(t.runtimeId()).withCmd(words.toArray(String[]::new)).withTty(true)
                .withAttachStdin(true).withAttachStdout(true).withAttachStderr(true)
                .withEnv(List.of("TERM=xterm")).exec().getId();
    }

    @Override
    public io.dockyard.agent.exec.DockerExec start(String execId) throws IOException {
        return io.dockyard.agent.exec.DockerExec.start(s.config().dockerHost(), execId);
    }

    @Override
    public void resize(String execId, int rows, int cols) {
        try {
            s.engine().client().resizeExecCmd(execId).withSize(rows, cols).exec();
        } catch (RuntimeException e) {
            // the exec ended, or is not running yet
        }
    }

    @Override
    public Integer exitCode(String execId) {
        try {
            InspectExecResponse r = s.engine().client().inspectExecCmd(execId).exec();
            return r.getExitCodeLong() == null ? null : r.getExitCodeLong().intValue();
        } catch (RuntimeException e) {
            return null;
        }
    }
}
