package io.dockyard.launch;

import io.dockyard.core.Arns;
import io.dockyard.core.model.NetworkConfiguration;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.Tag;
import io.dockyard.core.model.TaskSet;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Task sets of EXTERNAL and CODE_DEPLOY services: a new one (id {@code ecs-svc/…}, as a deployment's),
 * and the switch of the primary one, whose task definition becomes the service's. Called inside the
 * caller's store transaction; the service controller starts and stops their tasks.
 */
public final class TaskSets {
    private TaskSets() {}

    /** What a new task set runs and where its tasks are reachable. */
    public record Spec(String taskDefinitionArn, String launchType, List<Map<String, Object>> capacityProviderStrategy, String platformVersion,
                       NetworkConfiguration networkConfiguration, List<Map<String, Object>> loadBalancers,
                       List<Map<String, Object>> serviceRegistries) {}

    /** A new ACTIVE (or PRIMARY) task set of the service, stored. */
    public static TaskSet create(Store store, Service s, Spec spec, double scale, String startedBy, String externalId, boolean primary,
                                 List<Tag> tags, Instant now) {
        String id = Deployments.newId();
        String arn = Arns.sameAs(s.arn()).taskSet(Arns.clusterName(s.clusterArn()), s.name(), id);
        TaskSet ts = new TaskSet(id, arn, s.arn(), s.clusterArn(), startedBy, externalId, primary ? "PRIMARY" : "ACTIVE", spec.taskDefinitionArn(),
                spec.launchType(), spec.capacityProviderStrategy(), spec.platformVersion(), spec.networkConfiguration(),
                spec.loadBalancers() == null ? List.of() : spec.loadBalancers(), spec.serviceRegistries() == null ? List.of() : spec.serviceRegistries(),
                scale, "STABILIZING", now, tags == null ? List.of() : tags, now, now);
        store.put(Kinds.TASK_SET, ts);
        return ts;
    }

    /** Makes the task set PRIMARY (the former primary becomes ACTIVE); the service takes its task definition. Returns the updated set. */
    public static TaskSet makePrimary(Store store, Service s, TaskSet ts, Instant now) {
        for (TaskSet other : store.list(Kinds.TASK_SETS_BY_SERVICE, s.arn())) {
            if (other.isPrimary() && !other.id().equals(ts.id())) store.put(Kinds.TASK_SET, other.withStatus("ACTIVE", now));
        }
        TaskSet primary = ts.withStatus("PRIMARY", now);
        store.put(Kinds.TASK_SET, primary);
        store.put(Kinds.SERVICE, s.toBuilder().taskDefinitionArn(ts.taskDefinitionArn()).version(s.version() + 1).build());
        return primary;
    }

    /** Deletes a task set: DRAINING, its tasks stop, then the record goes (the controller). */
    public static TaskSet drain(Store store, TaskSet ts, Instant now) {
        TaskSet d = ts.withStatus("DRAINING", now);
        store.put(Kinds.TASK_SET, d);
        return d;
    }
}
