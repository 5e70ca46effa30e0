package io.dockyard.controller.daemon;

import io.dockyard.core.loop.Supervisor;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Daemon;
import io.dockyard.core.model.DaemonDeployment;
import io.dockyard.core.model.DaemonRevision;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskDefinition;
import io.dockyard.core.port.AlarmStates;
import io.dockyard.core.port.Changes;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import io.dockyard.launch.Clusters;
import io.dockyard.launch.LaunchRequest;
import io.dockyard.launch.LaunchTypes;
import io.dockyard.launch.Launched;
import io.dockyard.launch.TaskLaunches;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The daemon scheduler: on every change of daemons, their tasks and instances (and at least once a second) it decides for each
 * daemon ({@link DaemonPlan}) and applies the decision — tasks launched through the application layer
 * on the instances that lack one, tasks stopped, the deployment's status, a deleted daemon removed once
 * its tasks are stopped. Everything is in the store, so a restart goes on where it stopped.
 */
public final class DaemonController {
    private static final Logger log = LoggerFactory.getLogger(DaemonController.class);
    private final Store store;
    private final Clock clock;
    private final TaskLaunches launches;
    private final Duration minute;
    private volatile AlarmStates alarms = AlarmStates.NONE;

    public DaemonController(Store store, Clock clock, TaskLaunches launches, Duration minute) {
        this.store = store;
        this.clock = clock;
        this.launches = launches;
        this.minute = minute;
    }

    /** Where the deployments' alarms are read (CloudWatch); the loop looks at least once a second. */
    public DaemonController alarms(AlarmStates states) {
        this.alarms = states;
        return this;
    }

    /** Starts the loop {@code daemon-controller} under the supervisor. */
    public DaemonController start(Supervisor supervisor) {
        supervisor.start("daemon-controller", this::loop);
        return this;
    }

    private void loop() throws InterruptedException {
        Changes.Follower changes = store.changes().follow(List.of(Kinds.DAEMON, Kinds.DAEMON_DEPLOYMENT, Kinds.TASK, Kinds.CONTAINER_INSTANCE));
        while (!Thread.currentThread().isInterrupted()) {
            reconcileAll();
            changes.await(Duration.ofSeconds(1)); // the bake time needs a pass now and then without a change
        }
    }

    /** One pass over every daemon; true if anything changed. */
    public boolean reconcileAll() {
        boolean changed = false;
        for (Daemon d : store.list(Kinds.DAEMON)) {
            try {
                changed |= store.exclusively(() -> reconcile(d.arn()));
            } catch (RuntimeException e) {
                log.warn("daemon {}: {}", d.name(), e.toString());
            }
        }
        return changed;
    }

    private boolean reconcile(String arn) {
        Daemon found = store.get(Kinds.DAEMON, arn).orElse(null);
        if (found == null) return false;
        Daemon d = found;
        Instant now = clock.instant();
        DaemonRevision rev = store.get(Kinds.DAEMON_REVISION, d.revisionArn()).orElse(null);
        DaemonDeployment dep = d.deploymentArn() == null ? null : store.get(Kinds.DAEMON_DEPLOYMENT, d.deploymentArn()).orElse(null);
        if (rev == null) return false;
        boolean changed = false;
        List<String> firing = firing(dep);
        DaemonRevision back = firing.isEmpty() ? null : store.get(Kinds.DAEMON_REVISION, dep.sourceRevisionArns().get(0)).orElse(null);
        if (back != null) { // back to the revision it replaces: the daemon's current revision again, converged under the same deployment
            dep = dep.rollingBack(firing, back.arn(), now);
            store.put(Kinds.DAEMON_DEPLOYMENT, dep);
            d = d.deployed(back.arn(), d.deploymentArn(), d.capacityProviders(), back.propagateTags(), back.enableECSManagedTags(),
                    back.enableExecuteCommand(), now);
            store.put(Kinds.DAEMON, d);
            rev = back;
            changed = true;
            log.info("daemon deployment rolling back daemon={} alarms={} to={}", d.name(), firing, back.arn());
        }
        Daemon daemon = d;
        // an instance whose agent is disconnected keeps its task (ECS does not stop it) but gets no new one until it is back
        List<ContainerInstance> members = store.list(Kinds.INSTANCES_BY_CLUSTER, d.clusterArn()).stream()
                .filter(i -> "ACTIVE".equals(i.status()) && daemon.capacityProviders().contains(i.capacityProviderName())).toList();
        List<String> eligible = members.stream().map(ContainerInstance::arn).toList();
        java.util.Set<String> connected = members.stream().filter(ContainerInstance::agentConnected).map(ContainerInstance::arn)
                .collect(java.util.stream.Collectors.toSet());
        List<Task> tasks = store.list(Kinds.TASKS_BY_GROUP, Kinds.taskGroup(d.clusterArn(), d.group()));
        List<DaemonPlan.TaskView> views = tasks.stream().map(t -> new DaemonPlan.TaskView(t.taskArn(), t.containerInstanceArn(), t.taskDefinitionArn(),
                t.lastStatus(), t.desiredStatus(), t.createdAt() == null ? 0 : t.createdAt().toEpochMilli())).toList();
        DaemonPlan.Decision decision = DaemonPlan.decide(d.deleting(), eligible, views, rev.taskDefinitionArn(),
                dep == null ? null : dep.drainPercent(), dep == null ? null : dep.readyAt(),
                dep == null || dep.rollingBack() ? Duration.ZERO : minute.multipliedBy(dep.bakeTimeInMinutes()), now);
        for (Map.Entry<String, String> stop : decision.stops().entrySet()) changed |= stop(stop.getKey(), stop.getValue(), now);
        List<String> launchOn = decision.launchOn().stream().filter(connected::contains).toList();
        if (!launchOn.isEmpty()) changed |= launch(d, rev, dep, launchOn);
        if (decision.gone()) {
            if (dep != null && !dep.done()) store.put(Kinds.DAEMON_DEPLOYMENT, dep.with("STOPPED", "The daemon was deleted.", now));
            store.delete(Kinds.DAEMON, d.arn());
            log.info("daemon deleted name={}", d.name());
            return true;
        }
        if (dep != null && !dep.done() && decision.deploymentStatus() != null) changed |= advance(dep, decision.deploymentStatus(), now);
        return changed;
    }

    /** The deployment's alarms in ALARM, while it can still roll back (not done, not rolling back, a revision to go back to). */
    private List<String> firing(DaemonDeployment dep) {
        if (dep == null || dep.done() || dep.rollingBack() || !dep.alarms().watching() || dep.sourceRevisionArns().isEmpty()) return List.of();
        return dep.alarms().names().stream().filter(n -> "ALARM".equals(alarms.state(n))).toList();
    }

    private boolean advance(DaemonDeployment dep, String status, Instant now) {
        if (dep.rollingBack()) { // no bake time after a rollback
            if ("IN_PROGRESS".equals(status)) return false;
            store.put(Kinds.DAEMON_DEPLOYMENT, dep.with("ROLLBACK_SUCCESSFUL", dep.statusReason(), now));
            return true;
        }
        DaemonDeployment next = switch (status) {
            case "SUCCESSFUL" -> dep.with("SUCCESSFUL", "Every container instance runs the daemon revision.", now);
            case "READY" -> (dep.readyAt() == null ? dep.ready(now) : dep).with("IN_PROGRESS", null, now);
            default -> dep.ready(null).with("IN_PROGRESS", null, now); // not (or no longer) every instance on the target
        };
        if (next.status().equals(dep.status()) && java.util.Objects.equals(next.readyAt(), dep.readyAt())) return false;
        store.put(Kinds.DAEMON_DEPLOYMENT, next);
        return true;
    }

    private boolean stop(String taskArn, String reason, Instant now) {
        Task t = store.get(Kinds.TASK, taskArn).filter(x -> "RUNNING".equals(x.desiredStatus())).orElse(null);
        if (t == null) return false;
        store.put(Kinds.TASK, t.stoppedByScheduler(reason, now));
        return true;
    }

    private boolean launch(Daemon d, DaemonRevision rev, DaemonDeployment dep, List<String> instances) {
        Cluster cluster = Clusters.cluster(store, d.clusterArn()).orElse(null);
        TaskDefinition td = Clusters.taskDefinition(store, rev.taskDefinitionArn()).orElse(null);
        if (cluster == null || td == null) return false;
        String startedBy = dep == null ? "ecs-daemon" : dep.arn().substring(dep.arn().lastIndexOf('/') + 1);
        boolean any = false;
        for (String instance : instances) {
            String provider = store.get(Kinds.CONTAINER_INSTANCE, instance).map(ContainerInstance::capacityProviderName).orElse(null);
            LaunchRequest r = new LaunchRequest(cluster, td, new LaunchRequest.OnInstances(List.of(instance)), "EC2", provider, null, null, d.group(),
                    startedBy, LaunchTypes.tags("DAEMON".equals(rev.propagateTags()) ? d.tags() : List.of(), "NONE", td, cluster, rev.enableECSManagedTags()),
                    null, rev.enableExecuteCommand(), null);
            Launched launched = launches.launch(r);
            if (!launched.tasks().isEmpty()) any = true;
            else if (!launched.failures().isEmpty()) log.debug("daemon {}: not placed on {}: {}", d.name(), instance, launched.failures());
        }
        return any;
    }
}
