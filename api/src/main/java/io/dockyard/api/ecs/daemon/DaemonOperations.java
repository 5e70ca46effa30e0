package io.dockyard.api.ecs.daemon;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.api.ecs.Tags;
import io.dockyard.core.Arns;
import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.CapacityProvider;
import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.Daemon;
import io.dockyard.core.model.DaemonDeployment;
import io.dockyard.core.model.DaemonRevision;
import io.dockyard.core.model.Task;
import io.dockyard.core.model.TaskDefinition;
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
import java.util.regex.Pattern;

/**
 * CreateDaemon, DescribeDaemon, UpdateDaemon, DeleteDaemon and ListDaemons. Creating or updating a
 * daemon stores a revision (what it runs) and a deployment (its rollout); the daemon scheduler
 * ({@code controller/daemon}) runs one task per ACTIVE instance of the daemon's capacity providers.
 */
public final class DaemonOperations {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,255}");
    private final Ecs ecs;

    public DaemonOperations(Ecs ecs) { this.ecs = ecs; }

    public List<Operation> all() {
        return List.of(NamedOperation.of("CreateDaemon", this::create), NamedOperation.of("DescribeDaemon", this::describe),
                NamedOperation.of("UpdateDaemon", this::update), NamedOperation.of("DeleteDaemon", this::delete), NamedOperation.of("ListDaemons", this::list));
    }

    static AwsException notFound() { return new AwsException("DaemonNotFoundException", 400, "The specified daemon does not exist."); }

    static Daemon find(Ecs ecs, String arn) {
        if (arn == null || arn.isBlank()) throw AwsException.invalidParameter("daemonArn can not be blank.");
        if (!Arns.resource(arn).map(r -> r.startsWith("daemon/")).orElse(false)) throw AwsException.invalidParameter("The daemon ARN is not valid: " + arn);
        return ecs.store().get(Kinds.DAEMON, arn).orElseThrow(DaemonOperations::notFound);
    }

    /** Capacity provider ARNs (or names) → names of existing ACTIVE providers that have container instances (not FARGATE). */
    private List<String> providers(List<String> arns) {
        if (arns.isEmpty()) throw AwsException.invalidParameter("capacityProviderArns must name at least one capacity provider.");
        List<String> names = new ArrayList<>();
        for (String a : arns) {
            String name = Arns.lastSegment(a);
            if (name.startsWith("FARGATE")) throw AwsException.invalidParameter("Daemons run on container instances: " + name + " has none.");
            CapacityProvider cp = ecs.store().get(Kinds.CAPACITY_PROVIDER, name).filter(c -> "ACTIVE".equals(c.status()))
                    .orElseThrow(() -> AwsException.invalidParameter("The capacity provider " + a + " does not exist."));
            names.add(cp.name());
        }
        return names;
    }

    /** {@code deploymentConfiguration}, parsed and checked at the edge. */
    private record DeploymentConfig(Double drainPercent, int bakeTimeInMinutes, DaemonDeployment.Alarms alarms) {}

    private static DeploymentConfig deploymentConfiguration(Map<String, Object> in) {
        Map<String, Object> cfg = Doc.map(in, "deploymentConfiguration");
        if (cfg == null) return new DeploymentConfig(null, 0, DaemonDeployment.Alarms.NONE);
        Object drain = cfg.get("drainPercent");
        if (drain != null && (!(drain instanceof Number n) || n.doubleValue() < 0 || n.doubleValue() > 100)) {
            throw AwsException.invalidParameter("drainPercent must be between 0.0 and 100.0.");
        }
        Integer bake = Doc.integer(cfg, "bakeTimeInMinutes");
        if (bake != null && (bake < 0 || bake > 1440)) throw AwsException.invalidParameter("bakeTimeInMinutes must be between 0 and 1440.");
        return new DeploymentConfig(drain == null ? null : ((Number) drain).doubleValue(), bake == null ? 0 : bake, alarms(cfg));
    }

    /** {@code deploymentConfiguration.alarms}: {@code alarmNames} (each 1–255 characters) and {@code enable}. */
    private static DaemonDeployment.Alarms alarms(Map<String, Object> cfg) {
        Map<String, Object> a = Doc.map(cfg, "alarms");
        if (a == null) return DaemonDeployment.Alarms.NONE;
        List<String> names = Doc.strings(a, "alarmNames");
        for (String n : names) {
            if (n.isEmpty() || n.length() > 255) throw AwsException.invalidParameter("Alarm names must be between 1 and 255 characters.");
        }
        if (names.size() > 10) throw AwsException.invalidParameter("A daemon deployment can watch at most 10 alarms.");
        boolean enable = Boolean.TRUE.equals(Doc.bool(a, "enable"));
        if (enable && names.isEmpty()) throw AwsException.invalidParameter("alarmNames must name at least one alarm when alarms are enabled.");
        return new DaemonDeployment.Alarms(names, enable, List.of());
    }

    private static String propagate(Map<String, Object> in, String current) {
        String p = Doc.str(in, "propagateTags");
        if (p == null) return current;
        if (!List.of("DAEMON", "NONE").contains(p)) throw AwsException.invalidParameter("propagateTags must be DAEMON or NONE.");
        return p;
    }

    /** A new revision and deployment of the daemon (a running deployment is superseded: STOPPED). */
    private Daemon deploy(Daemon d, TaskDefinition td, List<String> providers, DeploymentConfig cfg, String propagate, boolean managed, boolean exec) {
        Instant now = ecs.now();
        Arns arns = Arns.sameAs(d.arn());
        String cluster = Arns.clusterName(d.clusterArn());
        String id = io.dockyard.core.Arns.newId().substring(0, 20);
        DaemonRevision rev = new DaemonRevision(arns.daemonRevision(cluster, d.name(), id), d.arn(), d.clusterArn(), td.arn(), propagate, managed, exec, now);
        ecs.store().put(Kinds.DAEMON_REVISION, rev);
        List<String> sources = new ArrayList<>();
        if (d.revisionArn() != null) sources.add(d.revisionArn());
        if (d.deploymentArn() != null) {
            ecs.store().get(Kinds.DAEMON_DEPLOYMENT, d.deploymentArn()).filter(x -> !x.done())
                    .ifPresent(x -> ecs.store().put(Kinds.DAEMON_DEPLOYMENT, x.with("STOPPED", "Superseded by a newer daemon deployment.", now)));
        }
        DaemonDeployment dep = new DaemonDeployment(arns.daemonDeployment(cluster, d.name(), id), d.arn(), d.clusterArn(), "PENDING", null, rev.arn(),
                sources, cfg.drainPercent(), cfg.bakeTimeInMinutes(), now, null, null, null, null, cfg.alarms(), null);
        ecs.store().put(Kinds.DAEMON_DEPLOYMENT, dep);
        Daemon out = d.deployed(rev.arn(), dep.arn(), providers, propagate, managed, exec, now);
        ecs.store().put(Kinds.DAEMON, out);
        return out;
    }

    private Object create(Map<String, Object> in, RequestContext ctx) {
        String name = Doc.str(in, "daemonName");
        if (name == null || !NAME.matcher(name).matches()) {
            throw AwsException.invalidParameter("Daemon name must be between 1 and 255 characters and contain only letters, numbers, hyphens and underscores.");
        }
        var tags = Tags.parse(in, "tags");
        DeploymentConfig cfg = deploymentConfiguration(in);
        String propagate = propagate(in, "NONE");
        boolean managed = Boolean.TRUE.equals(Doc.bool(in, "enableECSManagedTags"));
        boolean exec = Boolean.TRUE.equals(Doc.bool(in, "enableExecuteCommand"));
        Daemon d = ecs.store().atomically(() -> {
            Cluster cluster = ecs.cluster(ctx, Doc.str(in, "clusterArn"));
            List<String> providers = providers(Doc.strings(in, "capacityProviderArns"));
            TaskDefinition td = DaemonTaskDefinitionOperations.find(ecs, Doc.str(in, "daemonTaskDefinitionArn"));
            if (!"ACTIVE".equals(td.status())) throw AwsException.client("The daemon task definition is not ACTIVE.");
            String arn = ctx.arns().daemon(cluster.name(), name);
            if (ecs.store().get(Kinds.DAEMON, arn).isPresent()) throw AwsException.invalidParameter("A daemon named " + name + " already exists in the cluster.");
            Daemon fresh = new Daemon(arn, name, cluster.arn(), "ACTIVE", providers, null, null, propagate, managed, exec, tags, ecs.now(), ecs.now());
            return deploy(fresh, td, providers, cfg, propagate, managed, exec);
        });
        return Out.obj().with("daemonArn", d.arn()).with("status", d.status()).with("createdAt", d.createdAt()).with("deploymentArn", d.deploymentArn());
    }

    private Object describe(Map<String, Object> in, RequestContext ctx) {
        Daemon d = find(ecs, Doc.str(in, "daemonArn"));
        List<Task> tasks = ecs.store().list(Kinds.TASKS_BY_GROUP, Kinds.taskGroup(d.clusterArn(), d.group())).stream()
                .filter(t -> "RUNNING".equals(t.lastStatus())).toList();
        // every revision that still has RUNNING tasks, the current one first
        List<String> revisions = new ArrayList<>(List.of(d.revisionArn()));
        for (Task t : tasks) {
            String rev = revisionOf(d, t);
            if (rev != null && !revisions.contains(rev)) revisions.add(rev);
        }
        List<Out> current = new ArrayList<>();
        for (String rev : revisions) {
            List<Task> mine = tasks.stream().filter(t -> rev.equals(revisionOf(d, t))).toList();
            current.add(Out.obj().with("arn", rev).with("totalRunningCount", mine.size()).with("capacityProviders", d.capacityProviders().stream()
                    .map(cp -> Out.obj().with("arn", Arns.sameAs(d.arn()).capacityProvider(cp))
                            .with("runningCount", mine.stream().filter(t -> cp.equals(t.capacityProviderName())).count())).toList()));
        }
        return Out.obj().with("daemon", Out.obj().with("daemonArn", d.arn()).with("clusterArn", d.clusterArn()).with("status", d.status())
                .with("currentRevisions", current).with("deploymentArn", d.deploymentArn()).with("createdAt", d.createdAt()).with("updatedAt", d.updatedAt()));
    }

    /** The revision a task was started for (its deployment's target). */
    private String revisionOf(Daemon d, Task t) {
        if (t.startedBy() == null) return null;
        String arn = Arns.sameAs(d.arn()).daemonDeployment(Arns.clusterName(d.clusterArn()), d.name(), t.startedBy());
        DaemonDeployment dep = ecs.store().get(Kinds.DAEMON_DEPLOYMENT, arn).orElse(null);
        if (dep == null) return null;
        if (dep.rollback() != null) { // a task started while rolling back runs the rollback target's definition
            String back = dep.rollback().targetRevisionArn();
            boolean ofTarget = ecs.store().get(Kinds.DAEMON_REVISION, back).map(r -> r.taskDefinitionArn().equals(t.taskDefinitionArn())).orElse(false);
            if (ofTarget) return back;
        }
        return dep.targetRevisionArn();
    }

    private Object update(Map<String, Object> in, RequestContext ctx) {
        DeploymentConfig cfg = deploymentConfiguration(in);
        Daemon d = ecs.store().atomically(() -> {
            Daemon cur = find(ecs, Doc.str(in, "daemonArn"));
            if (!"ACTIVE".equals(cur.status())) throw new AwsException("DaemonNotActiveException", 400, "The daemon is not ACTIVE.");
            List<String> providers = providers(Doc.strings(in, "capacityProviderArns"));
            TaskDefinition td = DaemonTaskDefinitionOperations.find(ecs, Doc.str(in, "daemonTaskDefinitionArn"));
            if (!"ACTIVE".equals(td.status())) throw AwsException.client("The daemon task definition is not ACTIVE.");
            DaemonRevision rev = ecs.store().get(Kinds.DAEMON_REVISION, cur.revisionArn()).orElseThrow();
            return deploy(cur, td, providers, cfg, propagate(in, rev.propagateTags()),
                    in.containsKey("enableECSManagedTags") ? Boolean.TRUE.equals(Doc.bool(in, "enableECSManagedTags")) : rev.enableECSManagedTags(),
                    in.containsKey("enableExecuteCommand") ? Boolean.TRUE.equals(Doc.bool(in, "enableExecuteCommand")) : rev.enableExecuteCommand());
        });
        return Out.obj().with("daemonArn", d.arn()).with("status", d.status()).with("createdAt", d.createdAt()).with("updatedAt", d.updatedAt())
                .with("deploymentArn", d.deploymentArn());
    }

    private Object delete(Map<String, Object> in, RequestContext ctx) {
        Daemon d = ecs.store().atomically(() -> {
            Daemon cur = find(ecs, Doc.str(in, "daemonArn"));
            if (!"ACTIVE".equals(cur.status())) throw new AwsException("DaemonNotActiveException", 400, "The daemon is not ACTIVE.");
            Daemon deleting = cur.withStatus("DELETE_IN_PROGRESS", ecs.now());
            ecs.store().put(Kinds.DAEMON, deleting);
            return deleting;
        });
        return Out.obj().with("daemonArn", d.arn()).with("status", d.status()).with("createdAt", d.createdAt()).with("updatedAt", d.updatedAt())
                .with("deploymentArn", d.deploymentArn());
    }

    private Object list(Map<String, Object> in, RequestContext ctx) {
        String cluster = Doc.str(in, "clusterArn") == null ? null : ecs.cluster(ctx, Doc.str(in, "clusterArn")).arn();
        List<String> providers = Doc.strings(in, "capacityProviderArns").stream().map(Arns::lastSegment).toList();
        List<Daemon> all = ecs.store().list(Kinds.DAEMON, d -> (cluster == null || d.clusterArn().equals(cluster))
                && (providers.isEmpty() || d.capacityProviders().stream().anyMatch(providers::contains))).stream()
                .sorted(Comparator.comparing(Daemon::createdAt)).toList();
        Pages<Daemon> page = Pages.of(all, Doc.integer(in, "maxResults"), Doc.str(in, "nextToken"), 100);
        return Out.obj().with("daemonSummariesList", page.items().stream().map(d -> Out.obj().with("daemonArn", d.arn()).with("status", d.status())
                .with("createdAt", d.createdAt()).with("updatedAt", d.updatedAt())).toList()).with("nextToken", page.nextToken());
    }
}
