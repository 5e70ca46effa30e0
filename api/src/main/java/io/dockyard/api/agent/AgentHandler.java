package io.dockyard.api.agent;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dockyard.api.ecs.Ecs;
import io.dockyard.protocol.Http;
import io.dockyard.protocol.Json;
import io.dockyard.protocol.Out;
import io.dockyard.core.Arns;
import io.dockyard.core.AwsException;
import io.dockyard.core.agent.AgentRegistration;
import io.dockyard.core.agent.TaskReport;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The control plane's side of the agent protocol (records in io.dockyard.core.agent), under
 * {@code /_dockyard/agent/v1/}: {@code POST register}, {@code GET clusters} and {@code GET poll}
 * (long polls on the change signal; a poll is also the heartbeat) and {@code POST report}.
 * Errors are {@code {"__type": code, "message": text}}; 404 from poll tells the agent to register again.
 */
public final class AgentHandler extends Handler.Abstract {
    public static final String PREFIX = "/_dockyard/agent/v1/";
    /** The longest a poll is held open. */
    static final Duration MAX_WAIT = Duration.ofSeconds(20);
    private static final Logger log = LoggerFactory.getLogger(AgentHandler.class);

    private final Ecs ecs;
    private final Heartbeats heartbeats;
    private final Registrations registrations;
    private final Work work;
    private volatile EcsMetrics metrics;
    private volatile io.dockyard.core.port.TaskRoleCredentials taskRoles;
    private volatile AgentAuth auth;
    private final Arns defaults;

    public AgentHandler(Ecs ecs, Arns defaults) { this(ecs, defaults, Heartbeats.TIMEOUT); }

    /** With {@code agentTimeout}: how long an agent may stay silent before its instance shows disconnected. */
    public AgentHandler(Ecs ecs, Arns defaults, java.time.Duration agentTimeout) {
        this.ecs = ecs;
        this.defaults = defaults;
        this.auth = new AgentAuth(io.dockyard.protocol.Gate.LOCAL, defaults);
        this.heartbeats = new Heartbeats(ecs, agentTimeout);
        this.registrations = new Registrations(ecs, defaults);
        this.work = new Work(ecs, heartbeats);
    }

    /** Where the agents' task usage goes (CloudWatch's AWS/ECS and Container Insights metrics). */
    public AgentHandler metrics(EcsMetrics m) {
        this.metrics = m;
        return this;
    }

    /** Who issues task role credentials (IAM's sessions of the role). */
    public AgentHandler taskRoles(io.dockyard.core.port.TaskRoleCredentials t) {
        this.taskRoles = t;
        return this;
    }

    /** Who may call (secure mode: signed requests whose key may perform the ECS agent actions; see {@link AgentAuth}). */
    public AgentHandler gate(io.dockyard.protocol.Gate gate) {
        this.auth = new AgentAuth(gate, defaults);
        return this;
    }

    /** The heartbeat book, for the housekeeping loop. */
    public Heartbeats heartbeats() { return heartbeats; }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request).substring(PREFIX.length());
        String method = request.getMethod();
        try {
            AgentAuth a = auth;
            io.dockyard.protocol.Gate.Caller caller = a.authenticate(request);
            Object body = switch (path) {
                case "register" -> post(method, () -> {
                    AgentRegistration r = read(request, AgentRegistration.class);
                    String cluster = r.cluster() == null || r.cluster().isBlank() ? "default" : r.cluster();
                    a.authorize(caller, "RegisterContainerInstance", cluster, null);
                    a.authorize(caller, "Poll", cluster, null); // an instance whose agent may not poll would never connect

                    return registrations.register(r);
                });
                case "report" -> post(method, () -> {
                    TaskReport r = read(request, TaskReport.class);
                    String cluster = AgentAuth.clusterOf(r.taskArn());
                    a.authorize(caller, "SubmitTaskStateChange", cluster, null);
                    if (r.containers() != null && !r.containers().isEmpty()) a.authorize(caller, "SubmitContainerStateChange", cluster, null);
                    return work.report(r);
                });
                case "exec" -> post(method, () -> {
                    java.util.Map<?, ?> in = read(request, java.util.Map.class);
                    a.authorize(caller, "Poll", null, string(in.get("containerInstance")));
                    return redeem(in);
                });
                case "credentials" -> post(method, () -> {
                    java.util.Map<?, ?> in = read(request, java.util.Map.class);
                    String instance = string(in.get("containerInstance"));
                    a.authorize(caller, "Poll", instance == null ? AgentAuth.clusterOf(string(in.get("taskArn"))) : null, instance);
                    return credentials(in);
                });
                case "stats" -> post(method, () -> {
                    io.dockyard.core.agent.TaskUsage usage = read(request, io.dockyard.core.agent.TaskUsage.class);
                    a.authorize(caller, "StartTelemetrySession", null, usage.containerInstanceArn());
                    EcsMetrics m = metrics;
                    return m == null ? java.util.Map.of() : m.publish(usage);
                });
                case "clusters" -> get(method, () -> {
                    a.authorize(caller, "DiscoverPollEndpoint", null, null);
                    Fields q = Request.extractQueryParameters(request);
                    return work.clusters(number(q, "since", -1), waitFor(q));
                });
                case "poll" -> get(method, () -> {
                    Fields q = Request.extractQueryParameters(request);
                    String arn = q.getValue("containerInstance");
                    if (arn == null || arn.isBlank()) throw AwsException.invalidParameter("containerInstance is required.");
                    a.authorize(caller, "Poll", null, arn);
                    return work.poll(arn, number(q, "since", -1), waitFor(q));
                });
                default -> throw new AwsException("NotFound", 404, "No agent endpoint " + path + ".");
            };
            send(response, callback, 200, body);
        } catch (AwsException e) {
            send(response, callback, e.status(), Out.obj().with("__type", e.code()).with("message", e.getMessage()));
        } catch (IOException e) {
            send(response, callback, 400, Out.obj().with("__type", "SerializationException").with("message", "The request body could not be read."));
        } catch (IllegalArgumentException e) {
            send(response, callback, 400, Out.obj().with("__type", "InvalidParameterException").with("message", e.getMessage()));
        } catch (RuntimeException e) {
            log.error("agent request {} failed", path, e);
            send(response, callback, 500, Out.obj().with("__type", "ServerException").with("message", e.toString()));
        }
        return true;
    }

    /**
     * The agent redeems an exec session the client opened on it: the session must exist, carry that token, be under five
     * minutes old, and be for a task on the calling instance; it is used up.
     */
    private Object redeem(java.util.Map<?, ?> in) {
        String id = String.valueOf(in.get("sessionId")), token = String.valueOf(in.get("token"));
        io.dockyard.core.model.ExecSession s = ecs.store().get(io.dockyard.core.port.Kinds.EXEC_SESSION, id).orElse(null);
        if (s == null || !java.security.MessageDigest.isEqual(s.token().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                token.getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            throw new AwsException("NotFound", 404, "No such exec session.");
        }
        ecs.store().delete(io.dockyard.core.port.Kinds.EXEC_SESSION, id);
        if (s.createdAt().isBefore(ecs.now().minusSeconds(300))) throw new AwsException("NotFound", 404, "The exec session expired.");
        Object instance = in.get("containerInstance");
        if (instance != null && !String.valueOf(instance).equals(s.containerInstanceArn())) throw new AwsException("NotFound", 404, "Not this instance's session.");
        return s;
    }

    /**
     * Credentials of a task's role for the agent that runs it: the task must be on the calling instance and the role must be
     * its task role (the task's override, else its task definition's) or its execution role.
     */
    private Object credentials(java.util.Map<?, ?> in) {
        String taskArn = String.valueOf(in.get("taskArn")), roleArn = String.valueOf(in.get("roleArn"));
        io.dockyard.core.model.Task t = ecs.store().get(io.dockyard.core.port.Kinds.TASK, taskArn).orElseThrow(() -> new AwsException("NotFound", 404, "No such task."));
        Object instance = in.get("containerInstance");
        if (instance != null && t.containerInstanceArn() != null && !String.valueOf(instance).equals(t.containerInstanceArn())) {
            throw new AwsException("NotFound", 404, "Not this instance's task.");
        }
        java.util.Map<String, Object> doc = io.dockyard.api.ecs.task.ClusterTasks.taskDefinition(ecs, t.taskDefinitionArn())
                .map(io.dockyard.core.model.TaskDefinition::document).orElse(java.util.Map.of());
        io.dockyard.core.model.TaskOverride o = t.overrides();
        String taskRole = o != null && o.taskRoleArn() != null ? o.taskRoleArn() : io.dockyard.core.Doc.str(doc, "taskRoleArn");
        String executionRole = o != null && o.executionRoleArn() != null ? o.executionRoleArn() : io.dockyard.core.Doc.str(doc, "executionRoleArn");
        if (!roleArn.equals(taskRole) && !roleArn.equals(executionRole)) throw new AwsException("AccessDenied", 403, "The role is not one of the task's.");
        io.dockyard.core.port.TaskRoleCredentials issuer = taskRoles;
        if (issuer == null) throw new AwsException("NotFound", 404, "Task role credentials are not available.");
        return issuer.issue(roleArn, taskArn.substring(taskArn.lastIndexOf('/') + 1));
    }

    private static String string(Object o) { return o == null ? null : String.valueOf(o); }

    private interface Call { Object run(); }

    private static Object post(String method, Call c) {
        if (!"POST".equals(method)) throw new AwsException("MethodNotAllowed", 405, "Use POST.");
        return c.run();
    }

    private static Object get(String method, Call c) {
        if (!"GET".equals(method)) throw new AwsException("MethodNotAllowed", 405, "Use GET.");
        return c.run();
    }

    private static <T> T read(Request request, Class<T> type) {
        try {
            return Json.RECORDS.readValue(Http.body(request), type);
        } catch (JsonProcessingException e) {
            throw new AwsException("SerializationException", 400, "Bad " + type.getSimpleName() + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new AwsException("SerializationException", 400, "The request body could not be read.");
        }
    }

    private static long number(Fields q, String name, long dflt) {
        String v = q.getValue(name);
        if (v == null || v.isBlank()) return dflt;
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw AwsException.invalidParameter(name + " must be a number.");
        }
    }

    /**
     * The wait an agent asked for, capped at {@link #MAX_WAIT} and at half the agent timeout: a poll is
     * the heartbeat, so an idle agent must come back before it would be shown disconnected.
     */
    private Duration waitFor(Fields q) {
        long s = number(q, "waitSeconds", MAX_WAIT.toSeconds());
        Duration cap = heartbeats.timeout().dividedBy(2);
        if (cap.compareTo(MAX_WAIT) > 0) cap = MAX_WAIT;
        Duration asked = Duration.ofSeconds(Math.max(0, s));
        return asked.compareTo(cap) < 0 ? asked : cap;
    }

    private static void send(Response response, Callback callback, int status, Object body) {
        byte[] bytes;
        try {
            bytes = Json.RECORDS.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.write(true, ByteBuffer.wrap(bytes), callback);
    }
}
