package io.dockyard.api.ecs.task;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.EcsOperation;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.Container;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.ExecSession;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.RequestContext;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * ExecuteCommand (ECS Exec): checks the task runs with {@code enableExecuteCommand} and its agent can
 * take exec sessions, then hands out a session — id, one-time token, and the {@code streamUrl} of the
 * WebSocket data channel the agent of the task's host serves ({@code ws://<instance address>:<exec
 * port>/v1/data-channel/<session>}). The AWS CLI's {@code execute-command} passes it to the
 * session-manager-plugin, which opens the channel; the agent redeems the token and attaches a
 * {@code docker exec} of the command with a TTY.
 */
public final class ExecuteCommandHandler extends EcsOperation {
    /** The container instance attribute an agent publishes with the port of its exec data channel. */
    public static final String EXEC_PORT = "dockyard.exec-port";
    static final String NOT_ENABLED = "The execute command failed because execute command was not enabled when the task was run or the execute "
            + "command agent isn’t running. Wait and try again or run a new task with execute command enabled and try again.";
    private static final SecureRandom RANDOM = new SecureRandom();

    public ExecuteCommandHandler(Ecs ecs) { super(ecs); }

    @Override
    public Object handle(Map<String, Object> in, RequestContext ctx) {
        String command = Doc.str(in, "command");
        if (command == null || command.isBlank()) throw AwsException.invalidParameter("Command can not be blank.");
        if (command.length() > 4096) throw AwsException.invalidParameter("Command can be at most 4096 characters.");
        Boolean interactive = Doc.bool(in, "interactive");
        if (interactive == null) throw AwsException.invalidParameter("Interactive can not be blank.");
        if (!interactive) throw AwsException.invalidParameter("Interactive is the only mode supported currently.");
        String ref = Doc.str(in, "task");
        if (ref == null || ref.isBlank()) throw AwsException.invalidParameter("Task can not be blank.");
        Cluster cluster = ecs.cluster(ctx, Doc.str(in, "cluster"));
        Task t = ecs.store().get(Kinds.TASK, TaskRefs.taskArn(cluster, ref)).filter(x -> x.clusterArn().equals(cluster.arn()))
                .orElseThrow(() -> AwsException.invalidParameter("The referenced task was not found."));
        String name = Doc.str(in, "container");
        Container c;
        if (name == null || name.isBlank()) {
            if (t.containers().size() != 1) throw AwsException.invalidParameter("A container name must be specified when the task has more than one container.");
            c = t.containers().getFirst();
        } else {
            c = t.containers().stream().filter(x -> name.equals(x.name())).findFirst()
                    .orElseThrow(() -> AwsException.invalidParameter("The container " + name + " does not exist in the task."));
        }
        if (!t.enableExecuteCommand() || !"RUNNING".equals(t.lastStatus()) || !"RUNNING".equals(c.lastStatus())) {
            throw AwsException.invalidParameter(NOT_ENABLED);
        }
        ContainerInstance instance = t.containerInstanceArn() == null ? null : ecs.store().get(Kinds.CONTAINER_INSTANCE, t.containerInstanceArn()).orElse(null);
        String port = instance == null ? null : instance.attribute(EXEC_PORT);
        if (port == null || !instance.agentConnected()) {
            throw new AwsException("TargetNotConnectedException", 400, "The execute command failed due to an internal error. Try again later.");
        }
        byte[] id = new byte[9];
        RANDOM.nextBytes(id);
        byte[] token = new byte[32];
        RANDOM.nextBytes(token);
        ExecSession s = new ExecSession("ecs-execute-command-" + HexFormat.of().formatHex(id).substring(0, 17),
                Base64.getUrlEncoder().withoutPadding().encodeToString(token), cluster.arn(), t.taskArn(), c.name(), c.runtimeId(), command, true,
                instance.arn(), ecs.now());
        ecs.store().put(Kinds.EXEC_SESSION, s);
        String url = "ws://" + instance.address() + ":" + port + "/v1/data-channel/" + s.sessionId() + "?role=publish_subscribe";
        return Out.obj().with("clusterArn", cluster.arn()).with("containerArn", c.containerArn()).with("containerName", c.name())
                .with("interactive", true)
                .with("session", Out.obj().with("sessionId", s.sessionId()).with("streamUrl", url).with("tokenValue", s.token()))
                .with("taskArn", t.taskArn());
    }
}
