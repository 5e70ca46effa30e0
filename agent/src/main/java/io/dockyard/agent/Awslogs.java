package io.dockyard.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.core.Doc;
import io.dockyard.protocol.sigv4.Key;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The awslogs log driver, done by the agent: the containers whose definition says {@code awslogs} run
 * with Docker's json-file driver, and a {@link LogShipper} per container sends their output to the
 * CloudWatch Logs API of the control plane, in the group and stream ECS would use. In secure mode the
 * calls are signed as the task's execution role when it has one ({@link ExecutionRole#forLogs}), else
 * with the agent's own key (the container instance's role), as the ECS agent does on EC2.
 */
final class Awslogs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Awslogs.class);

    private final Engine engine;
    private final ControlPlane controlPlane;
    private final Path dir;
    private final Map<String, LogShipper> shippers = new ConcurrentHashMap<>();

    Awslogs(Engine engine, ControlPlane controlPlane, Path dataDir) {
        this.engine = engine;
        this.controlPlane = controlPlane;
        this.dir = dataDir.resolve("awslogs");
    }

    /** How ECS words a logging driver that cannot start (Fargate's text; the EC2 agent's says the same after its prefix). */
    static final String LOGGER_ERROR = "ResourceInitializationError: failed to validate logger args: ";

    /**
     * Before the container is made: its options are valid, its log group exists (made when
     * {@code awslogs-create-group} is true) and, when the stream's name is known already (a stream
     * prefix), its stream is made — all as {@code as} (null: the agent's key). A missing group fails the
     * container as Docker's driver does, and so does a refusal (AccessDeniedException: the execution role
     * may not write the logs); a control plane that does not answer does not (the shipper makes the group
     * and stream later).
     */
    void prepare(ContainerPlan plan, String taskArn, Supplier<Key> as) {
        AwslogsOptions o = AwslogsOptions.of(Doc.map(plan.raw(), "logConfiguration"));
        if (o == null) return;
        Key key = key(as);
        String stream = o.streamName(plan.name(), taskId(taskArn), null);
        try {
            boolean exists = stream != null ? ensureStream(controlPlane, o, stream, key)
                    : ensureGroup(controlPlane, o, o.createGroup() ? key : null); // the agent checks a group it may not make
            if (!exists) {
                throw new ContainerPlan.SetupError("CannotStartContainerError: failed to initialize logging driver: failed to create"
                        + " Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist.");
            }
        } catch (ControlPlane.HttpError e) {
            if (e.status / 100 != 4) {
                log.debug("awslogs: checking group {}: {}", o.group(), e.toString());
                return;
            }
            throw new ContainerPlan.SetupError(LOGGER_ERROR + "create stream has been retried 1 times: failed to create Cloudwatch log "
                    + (stream != null ? "stream" : "group") + ": " + e.awsCode() + ": " + e.awsMessage());
        } catch (IOException e) {
            log.debug("awslogs: checking group {}: {}", o.group(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The key of {@code as} (null: the agent's own); a role that cannot be assumed fails the container with ECS's text. */
    private static Key key(Supplier<Key> as) {
        if (as == null) return null;
        try {
            return as.get();
        } catch (ContainerPlan.SetupError e) {
            String why = e.getMessage().startsWith(ExecutionRole.PREFIX) ? e.getMessage().substring(ExecutionRole.PREFIX.length()) : e.getMessage();
            throw new ContainerPlan.SetupError(LOGGER_ERROR + why);
        }
    }

    private static String taskId(String taskArn) {
        return taskArn.substring(taskArn.lastIndexOf('/') + 1);
    }

    /** Starts shipping the output of a started container (once; a second call is a no-op). */
    void follow(String dockerId, ContainerPlan plan, String taskArn, Supplier<Key> as) {
        if (dockerId == null || shippers.containsKey(dockerId)) return;
        AwslogsOptions o;
        try {
            o = AwslogsOptions.of(Doc.map(plan.raw(), "logConfiguration"));
        } catch (ContainerPlan.SetupError e) {
            return;
        }
        if (o == null) return;
        String stream = o.streamName(plan.name(), taskId(taskArn), dockerId);
        shippers.computeIfAbsent(dockerId, id -> new LogShipper(engine, controlPlane, as, id, o, stream, dir.resolve(id)).start());
    }

    /** Waits (until {@code timeout} in all) for the output of these stopped containers to be stored. */
    void drain(List<String> dockerIds, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            for (String id : dockerIds) {
                LogShipper s = shippers.get(id);
                if (s != null && !s.awaitDone(deadline)) {
                    log.debug("awslogs: output of {} not all stored yet", id);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The container was removed: its shipper and checkpoint go. */
    void forget(String dockerId) {
        LogShipper s = shippers.remove(dockerId);
        if (s != null) s.close();
        try {
            Files.deleteIfExists(dir.resolve(dockerId));
        } catch (IOException e) {
            log.debug("awslogs checkpoint of {}: {}", dockerId, e.toString());
        }
    }

    @Override
    public void close() {
        shippers.values().forEach(LogShipper::close);
        shippers.clear();
    }

    /** Makes the group when allowed, as {@code as} (null: the agent's key); true when it exists. */
    static boolean ensureGroup(ControlPlane cp, AwslogsOptions o, Key as) throws IOException, InterruptedException {
        if (o.createGroup()) {
            try {
                cp.logs("CreateLogGroup", Map.of("logGroupName", o.group()), as);
            } catch (ControlPlane.HttpError e) {
                if (!"ResourceAlreadyExistsException".equals(e.awsCode())) throw e;
            }
            return true;
        }
        JsonNode groups = cp.logs("DescribeLogGroups", Map.of("logGroupNamePrefix", o.group()), as);
        for (JsonNode g : groups.path("logGroups")) if (o.group().equals(g.path("logGroupName").asText())) return true;
        return false;
    }

    /** Makes the stream (and the group when allowed) as {@code as}; false when the group does not exist and may not be made. */
    static boolean ensureStream(ControlPlane cp, AwslogsOptions o, String stream, Key as) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                cp.logs("CreateLogStream", Map.of("logGroupName", o.group(), "logStreamName", stream), as);
                return true;
            } catch (ControlPlane.HttpError e) {
                String code = e.awsCode();
                if ("ResourceAlreadyExistsException".equals(code)) return true;
                if (!"ResourceNotFoundException".equals(code)) throw e;
                if (!o.createGroup()) return false;
                ensureGroup(cp, o, as);
            }
        }
        return false;
    }
}
