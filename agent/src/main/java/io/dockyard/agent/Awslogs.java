package io.dockyard.agent;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.core.Doc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The awslogs log driver, done by the agent: the containers whose definition says {@code awslogs} run
 * with Docker's json-file driver, and a {@link LogShipper} per container sends their output to the
 * CloudWatch Logs API of the control plane, in the group and stream ECS would use.
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

    /**
     * Before the container is made: its options are valid, and its log group exists (made when
     * {@code awslogs-create-group} is true). A missing group fails the container as Docker's driver does;
     * a control plane that does not answer does not (the shipper makes the group and stream later).
     */
    void prepare(ContainerPlan plan) {
        AwslogsOptions o = AwslogsOptions.of(Doc.map(plan.raw(), "logConfiguration"));
        if (o == null) return;
        try {
            if (!ensureGroup(controlPlane, o)) {
                throw new ContainerPlan.SetupError("CannotStartContainerError: failed to initialize logging driver: failed to create"
                        + " Cloudwatch log stream: ResourceNotFoundException: The specified log group does not exist.");
            }
        } catch (IOException e) {
            log.debug("awslogs: checking group {}: {}", o.group(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Starts shipping the output of a started container (once; a second call is a no-op). */
    void follow(String dockerId, ContainerPlan plan, String taskArn) {
        if (dockerId == null || shippers.containsKey(dockerId)) return;
        AwslogsOptions o;
        try {
            o = AwslogsOptions.of(Doc.map(plan.raw(), "logConfiguration"));
        } catch (ContainerPlan.SetupError e) {
            return;
        }
        if (o == null) return;
        String stream = o.streamName(plan.name(), taskArn.substring(taskArn.lastIndexOf('/') + 1), dockerId);
        shippers.computeIfAbsent(dockerId, id -> new LogShipper(engine, controlPlane, id, o, stream, dir.resolve(id)).start());
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

    /** Makes the group when allowed; true when it exists. */
    static boolean ensureGroup(ControlPlane cp, AwslogsOptions o) throws IOException, InterruptedException {
        if (o.createGroup()) {
            try {
                cp.logs("CreateLogGroup", Map.of("logGroupName", o.group()));
            } catch (ControlPlane.HttpError e) {
                if (!"ResourceAlreadyExistsException".equals(e.awsCode())) throw e;
            }
            return true;
        }
        JsonNode groups = cp.logs("DescribeLogGroups", Map.of("logGroupNamePrefix", o.group()));
        for (JsonNode g : groups.path("logGroups")) if (o.group().equals(g.path("logGroupName").asText())) return true;
        return false;
    }

    /** Makes the stream (and the group when allowed); false when the group does not exist and may not be made. */
    static boolean ensureStream(ControlPlane cp, AwslogsOptions o, String stream) throws IOException, InterruptedException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                cp.logs("CreateLogStream", Map.of("logGroupName", o.group(), "logStreamName", stream));
                return true;
            } catch (ControlPlane.HttpError e) {
                String code = e.awsCode();
                if ("ResourceAlreadyExistsException".equals(code)) return true;
                if (!"ResourceNotFoundException".equals(code)) throw e;
                if (!o.createGroup()) return false;
                ensureGroup(cp, o);
            }
        }
        return false;
    }
}
