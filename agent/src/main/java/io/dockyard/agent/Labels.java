package io.dockyard.agent;

import java.security.SecureRandom;
import java.util.HexFormat;

/** The labels the agent puts on every container (the ECS agent's, plus Dockyard's own) and container names. */
final class Labels {
    static final String CLUSTER = "com.amazonaws.ecs.cluster";
    static final String TASK_ARN = "com.amazonaws.ecs.task-arn";
    static final String CONTAINER_NAME = "com.amazonaws.ecs.container-name";
    static final String FAMILY = "com.amazonaws.ecs.task-definition-family";
    static final String REVISION = "com.amazonaws.ecs.task-definition-version";
    /** The agent that owns the container (stable per agent data directory). */
    static final String AGENT = "io.dockyard.agent";
    /** The container instance the task runs on. */
    static final String INSTANCE = "io.dockyard.container-instance";
    /** Marks the per-task network namespace holder. */
    static final String PAUSE = "io.dockyard.pause";
    /** The container name the ECS agent gives the namespace holder. */
    static final String PAUSE_NAME = "~internal~ecs~pause";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Labels() {}

    /** {@code ecs-<family>-<revision>-<container>-<random>}, as the ECS agent names containers. */
    static String containerName(String family, String revision, String container) {
        byte[] b = new byte[10];
        RANDOM.nextBytes(b);
        String name = "ecs-" + family + "-" + revision + "-" + container + "-" + HexFormat.of().formatHex(b);
        return name.replaceAll("[^a-zA-Z0-9_.-]", "-");
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
