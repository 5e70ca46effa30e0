package io.dockyard.launch;

import io.dockyard.core.Arns;
import io.dockyard.core.model.Deployment;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.ServiceDeployment;
import io.dockyard.core.model.ServiceEvent;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Service deployments, shared by the API (CreateService, UpdateService, StopServiceDeployment) and the
 * service scheduler: starting a new deployment (the previous PRIMARY becomes ACTIVE and is drained by
 * the controller), events, the circuit breaker's threshold, and which strategies shift traffic.
 */
public final class Deployments {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** The strategies that run green beside blue and shift traffic between them. */
    public static final List<String> TRAFFIC_SHIFTING = List.of("BLUE_GREEN", "LINEAR", "CANARY");

    private Deployments() {}

    /** A fresh ECS-style deployment id: {@code ecs-svc/} and 19 digits. */
    public static String newId() {
        StringBuilder b = new StringBuilder("ecs-svc/");
        b.append(1 + RANDOM.nextInt(9));
        for (int i = 0; i < 18; i++) b.append(RANDOM.nextInt(10));
        return b.toString();
    }

    /**
     * The service with a new PRIMARY deployment of {@code taskDefinitionArn}, and its history record
     * stored. Earlier in-progress history records are marked STOPPED (superseded).
     */
    public static Service deploy(Store store, Service s, String taskDefinitionArn, boolean rollback, Instant now) {
        String id = newId();
        Deployment d = new Deployment(id, "PRIMARY", taskDefinitionArn, s.launchType(), s.capacityProviderStrategy(), s.platformVersion(),
                s.networkConfiguration(), "IN_PROGRESS", "ECS deployment " + id + " in progress.", rollback, "IN_PROGRESS", now, now, null);
        List<Deployment> deployments = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        for (Deployment old : s.deployments()) {
            deployments.add(old.isPrimary() ? old.withStatus("ACTIVE", now) : old);
            if (!sources.contains(old.taskDefinitionArn())) sources.add(old.taskDefinitionArn());
        }
        deployments.add(0, d);
        String cluster = Arns.clusterName(s.clusterArn());
        Arns arns = Arns.sameAs(s.arn());
        if (!rollback) {
            for (ServiceDeployment prior : store.list(Kinds.SERVICE_DEPLOYMENT, sd -> sd.serviceArn().equals(s.arn()))) {
                if ("IN_PROGRESS".equals(prior.status()) || "PENDING".equals(prior.status())) {
                    store.put(Kinds.SERVICE_DEPLOYMENT, prior.withStatus("STOPPED", "Superseded by a newer deployment.", now));
                }
            }
        }
        store.put(Kinds.SERVICE_DEPLOYMENT, new ServiceDeployment(arns.serviceDeployment(cluster, s.name(), shortId(id)),
                s.arn(), s.clusterArn(), id, "IN_PROGRESS", null, taskDefinitionArn, sources, s.deploymentConfiguration(),
                null, null, null, now, now, null, null, now));
        return s.toBuilder().deployments(deployments).taskDefinitionArn(taskDefinitionArn).build();
    }

    /** The service with an event added (newest first, at most 100 kept). */
    public static Service event(Service s, String message, Instant now) {
        List<ServiceEvent> events = new ArrayList<>();
        events.add(new ServiceEvent(UUID.randomUUID().toString(), now, message));
        events.addAll(s.events().subList(0, Math.min(99, s.events().size())));
        return s.toBuilder().events(events).build();
    }

    /** The numeric part of a deployment id ({@code ecs-svc/123} → {@code 123}). */
    public static String shortId(String deploymentId) { return deploymentId.substring(deploymentId.indexOf('/') + 1); }

    /** A replica service with deploymentConfiguration.strategy BLUE_GREEN, LINEAR or CANARY. */
    public static boolean shiftsTraffic(Service s) {
        return !s.isDaemon() && TRAFFIC_SHIFTING.contains(s.deploymentConfig().strategy()) && s.primary() != null;
    }

    /** Tasks that may fail before a deployment fails: ceil(desired / 2), at least 3, at most 200 (ECS). */
    public static int failureThreshold(int desired) {
        return Math.max(3, Math.min(200, (desired + 1) / 2));
    }

    public static Map<String, Object> orEmpty(Map<String, Object> m) { return m == null ? Map.of() : m; }
}
