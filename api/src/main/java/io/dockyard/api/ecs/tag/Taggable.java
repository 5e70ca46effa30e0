package io.dockyard.api.ecs.tag;

import io.dockyard.api.ecs.Ecs;
import io.dockyard.core.Arns;
import io.dockyard.core.AwsException;
import io.dockyard.core.model.Tag;
import io.dockyard.core.port.Kind;
import io.dockyard.core.port.Kinds;

import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The ECS resources that carry tags, found by ARN: clusters, services, task definitions, tasks,
 * container instances, capacity providers and task sets. Each type names its kind, its key in the store and how to read and replace its tags.
 */
public final class Taggable {

    /** One taggable resource type. */
    public record Type<T>(String prefix, Kind<T> kind, Function<String, String> keyOfArn,
                          Function<T, List<Tag>> tags, BiFunction<T, List<Tag>, T> withTags, Function<T, Boolean> live) {}

    private static final List<Type<?>> TYPES = List.of(
            new Type<>("cluster/", Kinds.CLUSTER, arn -> Arns.clusterName(arn), c -> c.tags(), (c, t) -> c.withTags(t),
                    c -> !"INACTIVE".equals(c.status())),
            new Type<>("task-definition/", Kinds.TASK_DEFINITION, arn -> resource(arn).substring("task-definition/".length()),
                    td -> td.tags(), (td, t) -> td.withTags(t), td -> !td.deleteInProgress()),
            new Type<>("task/", Kinds.TASK, arn -> arn, task -> task.tags(), (task, t) -> task.toBuilder().tags(t).build(), task -> true),
            new Type<>("container-instance/", Kinds.CONTAINER_INSTANCE, arn -> arn, i -> i.tags(), (i, t) -> i.withTags(t),
                    i -> !"INACTIVE".equals(i.status())),
            new Type<>("service/", Kinds.SERVICE, Taggable::serviceKey, s -> s.tags(), (s, t) -> s.toBuilder().tags(t).build(),
                    s -> !"INACTIVE".equals(s.status())),
            new Type<>("capacity-provider/", Kinds.CAPACITY_PROVIDER, arn -> resource(arn).substring("capacity-provider/".length()),
                    cp -> cp.tags(), (cp, t) -> cp.withTags(t), cp -> "ACTIVE".equals(cp.status())),
            new Type<>("daemon/", Kinds.DAEMON, arn -> arn, d -> d.tags(), (d, t) -> d.withTags(t), d -> true),
            new Type<>("daemon-task-definition/", Kinds.DAEMON_TASK_DEFINITION, arn -> resource(arn).substring("daemon-task-definition/".length()),
                    td -> td.tags(), (td, t) -> td.withTags(t), td -> "ACTIVE".equals(td.status())),
            new Type<>("task-set/", Kinds.TASK_SET, arn -> arn, ts -> ts.tags(), (ts, t) -> ts.withTags(t), ts -> true));

    /**
     * The store key of a service ARN: {@code service/<cluster>/<name>} (long format) or {@code service/<name>} (short
     * format, a service of the default cluster).
     */
    private static String serviceKey(String arn) {
        String r = resource(arn).substring("service/".length());
        int slash = r.indexOf('/');
        String cluster = slash < 0 ? "default" : r.substring(0, slash);
        String name = slash < 0 ? r : r.substring(slash + 1);
        String prefix = arn.substring(0, arn.length() - resource(arn).length());
        return prefix + "cluster/" + cluster + "|" + name;
    }

    private Taggable() {}

    /** The tags of the resource, or the AWS error for a bad or unknown ARN. */
    public static List<Tag> tags(Ecs ecs, String arn, AwsException notFound) {
        return read(ecs, type(arn), arn, notFound);
    }

    /** Replaces the resource's tags with {@code change(current)} in one transaction. */
    public static void update(Ecs ecs, String arn, Function<List<Tag>, List<Tag>> change, AwsException notFound) {
        Type<?> type = type(arn);
        ecs.store().atomically(() -> write(ecs, type, arn, change, notFound));
    }

    private static <T> List<Tag> read(Ecs ecs, Type<T> type, String arn, AwsException notFound) {
        T r = find(ecs, type, arn, notFound);
        List<Tag> t = type.tags().apply(r);
        return t == null ? List.of() : t;
    }

    private static <T> void write(Ecs ecs, Type<T> type, String arn, Function<List<Tag>, List<Tag>> change, AwsException notFound) {
        T r = find(ecs, type, arn, notFound);
        List<Tag> t = type.tags().apply(r);
        ecs.store().put(type.kind(), type.withTags().apply(r, change.apply(t == null ? List.of() : t)));
    }

    private static <T> T find(Ecs ecs, Type<T> type, String arn, AwsException notFound) {
        Optional<T> r = ecs.store().get(type.kind(), type.keyOfArn().apply(arn)).filter(x -> type.live().apply(x));
        if (r.isPresent()) return r.get();
        if (type.kind() == Kinds.CLUSTER) throw AwsException.clusterNotFound();
        throw notFound;
    }

    private static Type<?> type(String arn) {
        if (arn == null || arn.isBlank()) throw AwsException.invalidParameter("resourceArn can not be blank.");
        if (!"ecs".equals(Arns.service(arn).orElse(""))) throw AwsException.invalidParameter("The ARN provided is invalid.");
        String r = resource(arn);
        for (Type<?> t : TYPES) if (r.startsWith(t.prefix()) && r.length() > t.prefix().length()) return t;
        throw AwsException.invalidParameter("The ARN provided is invalid.");
    }

    private static String resource(String arn) { return Arns.resource(arn).orElse(""); }

}
