package io.dockyard.api.ecs.daemon;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Daemon;
import io.dockyard.core.model.DaemonDeployment;
import io.dockyard.core.model.DaemonRevision;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;
import io.dockyard.protocol.NamedOperation;
import io.dockyard.protocol.Operation;
import io.dockyard.protocol.Out;
import io.dockyard.protocol.Pages;
import io.dockyard.protocol.RequestContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** DescribeDaemonDeployments, ListDaemonDeployments and DescribeDaemonRevisions. */
public final class DaemonDeploymentOperations {
    private final Ecs ecs;

    public DaemonDeploymentOperations(Ecs ecs) { this.ecs = ecs; }

    public List<Operation> all() {
        return List.of(NamedOperation.of("DescribeDaemonDeployments", this::describe), NamedOperation.of("ListDaemonDeployments", this::list),
                NamedOperation.of("DescribeDaemonRevisions", this::revisions));
    }

    /** A revision with the instance counts of its capacity providers (instances running a task of it, and draining ones). */
    private Out revisionDetail(String revisionArn, Daemon d) {
        List<Task> tasks = d == null ? List.of() : ecs.store().list(Kinds.TASKS_BY_GROUP, Kinds.taskGroup(d.clusterArn(), d.group()));
        String td = ecs.store().get(Kinds.DAEMON_REVISION, revisionArn).map(DaemonRevision::taskDefinitionArn).orElse(null);
        List<Out> providers = new ArrayList<>();
        int running = 0, draining = 0;
        for (String cp : d == null ? List.<String>of() : d.capacityProviders()) {
            int r = (int) tasks.stream().filter(t -> "RUNNING".equals(t.lastStatus()) && t.taskDefinitionArn().equals(td) && cp.equals(t.capacityProviderName())).count();
            int dr = (int) ecs.store().list(Kinds.INSTANCES_BY_CLUSTER, d.clusterArn()).stream()
                    .filter(i -> "DRAINING".equals(i.status()) && cp.equals(i.capacityProviderName())).map(ContainerInstance::arn).count();
            running += r;
            draining += dr;
            providers.add(Out.obj().with("arn", io.dockyard.core.Arns.sameAs(d.arn()).capacityProvider(cp)).with("runningInstanceCount", r)
                    .with("drainingInstanceCount", dr));
        }
        return Out.obj().with("arn", revisionArn).with("capacityProviders", providers).with("totalRunningInstanceCount", running)
                .with("totalDrainingInstanceCount", draining);
    }

    private Out deployment(DaemonDeployment dep) {
        Daemon d = ecs.store().get(Kinds.DAEMON, dep.daemonArn()).orElse(null);
        Out cfg = Out.obj().with("drainPercent", dep.drainPercent()).with("bakeTimeInMinutes", dep.bakeTimeInMinutes());
        DaemonDeployment.Alarms alarms = dep.alarms();
        if (!alarms.names().isEmpty() || alarms.enabled()) cfg.with("alarms", Out.obj().with("alarmNames", alarms.names()).with("enable", alarms.enabled()));
        String monitor = !alarms.watching() ? "DISABLED" : !alarms.triggered().isEmpty() ? "TRIGGERED" : dep.done() ? "MONITORING_COMPLETE" : "MONITORING";
        Out alarmsOut = Out.obj().with("status", monitor).with("alarmNames", alarms.names());
        if (!alarms.triggered().isEmpty()) alarmsOut.with("triggeredAlarmNames", alarms.triggered());
        Out rollback = dep.rollback() == null ? null : Out.obj().with("reason", dep.rollback().reason()).with("startedAt", dep.rollback().startedAt())
                .with("rollbackTargetDaemonRevisionArn", dep.rollback().targetRevisionArn())
                .with("rollbackCapacityProviders", d == null ? List.of() : d.capacityProviders().stream()
                        .map(cp -> io.dockyard.core.Arns.sameAs(d.arn()).capacityProvider(cp)).toList());
        return Out.obj()
                .with("daemonDeploymentArn", dep.arn())
                .with("clusterArn", dep.clusterArn())
                .with("status", dep.status())
                .with("statusReason", dep.statusReason())
                .with("targetDaemonRevision", revisionDetail(dep.targetRevisionArn(), d))
                .with("sourceDaemonRevisions", dep.sourceRevisionArns().stream().map(r -> revisionDetail(r, d)).toList())
                .with("circuitBreaker", Out.obj().with("failureCount", 0).with("status", "DISABLED").with("threshold", 0))
                .with("alarms", alarmsOut)
                .with("rollback", rollback)
                .with("deploymentConfiguration", cfg)
                .with("createdAt", dep.createdAt())
                .with("startedAt", dep.startedAt())
                .with("stoppedAt", dep.stoppedAt())
                .with("finishedAt", dep.finishedAt());
    }

    private Object describe(Map<String, Object> in, RequestContext ctx) {
        List<String> arns = Doc.strings(in, "daemonDeploymentArns");
        if (arns.isEmpty()) throw AwsException.invalidParameter("daemonDeploymentArns can not be empty.");
        List<Out> found = new ArrayList<>();
        List<Out> failures = new ArrayList<>();
        for (String arn : arns) {
            var dep = ecs.store().get(Kinds.DAEMON_DEPLOYMENT, arn);
            if (dep.isPresent()) found.add(deployment(dep.get()));
            else failures.add(Out.obj().with("arn", arn).with("reason", "MISSING"));
        }
        return Out.obj().with("daemonDeployments", found).with("failures", failures);
    }

    private Object list(Map<String, Object> in, RequestContext ctx) {
        Daemon d = DaemonOperations.find(ecs, Doc.str(in, "daemonArn"));
        List<String> statuses = Doc.strings(in, "status");
        Map<String, Object> created = Doc.map(in, "createdAt");
        Instant before = created == null ? null : instant(created.get("before"));
        Instant after = created == null ? null : instant(created.get("after"));
        List<DaemonDeployment> all = ecs.store().list(Kinds.DAEMON_DEPLOYMENT, x -> x.daemonArn().equals(d.arn())
                        && (statuses.isEmpty() || statuses.contains(x.status())) && (before == null || x.createdAt().isBefore(before))
                        && (after == null || x.createdAt().isAfter(after))).stream()
                .sorted(Comparator.comparing(DaemonDeployment::createdAt).reversed()).toList();
        Pages<DaemonDeployment> page = Pages.of(all, Doc.integer(in, "maxResults"), Doc.str(in, "nextToken"), 100);
        return Out.obj().with("daemonDeployments", page.items().stream().map(x -> Out.obj().with("daemonDeploymentArn", x.arn()).with("daemonArn", x.daemonArn())
                .with("clusterArn", x.clusterArn()).with("status", x.status()).with("statusReason", x.statusReason())
                .with("targetDaemonRevisionArn", x.targetRevisionArn()).with("createdAt", x.createdAt()).with("startedAt", x.startedAt())
                .with("stoppedAt", x.stoppedAt()).with("finishedAt", x.finishedAt())).toList()).with("nextToken", page.nextToken());
    }

    private static Instant instant(Object v) {
        if (v instanceof Number n) return Instant.ofEpochMilli((long) (n.doubleValue() * 1000));
        return null;
    }

    private Object revisions(Map<String, Object> in, RequestContext ctx) {
        List<String> arns = Doc.strings(in, "daemonRevisionArns");
        if (arns.isEmpty()) throw AwsException.invalidParameter("daemonRevisionArns can not be empty.");
        List<Out> found = new ArrayList<>();
        List<Out> failures = new ArrayList<>();
        for (String arn : arns) {
            DaemonRevision r = ecs.store().get(Kinds.DAEMON_REVISION, arn).orElse(null);
            if (r == null) {
                failures.add(Out.obj().with("arn", arn).with("reason", "MISSING"));
                continue;
            }
            List<Out> images = io.dockyard.launch.Clusters.taskDefinition(ecs.store(), r.taskDefinitionArn())
                    .map(td -> Doc.maps(td.document(), "containerDefinitions").stream()
                            .map(c -> Out.obj().with("containerName", Doc.str(c, "name")).with("image", Doc.str(c, "image"))).toList())
                    .orElse(List.of());
            found.add(Out.obj().with("daemonRevisionArn", r.arn()).with("clusterArn", r.clusterArn()).with("daemonArn", r.daemonArn())
                    .with("daemonTaskDefinitionArn", r.taskDefinitionArn()).with("createdAt", r.createdAt()).with("containerImages", images)
                    .with("propagateTags", r.propagateTags()).with("enableECSManagedTags", r.enableECSManagedTags())
                    .with("enableExecuteCommand", r.enableExecuteCommand()));
        }
        return Out.obj().with("daemonRevisions", found).with("failures", failures);
    }
}
