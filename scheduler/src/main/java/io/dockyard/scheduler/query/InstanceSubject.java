package io.dockyard.scheduler.query;

import io.dockyard.core.model.Attribute;
import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Task;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * A container instance as expressions see it, from the instance record and the tasks on it (for
 * example to filter ListContainerInstances). Stopped tasks are ignored.
 */
public record InstanceSubject(ContainerInstance instance, List<Task> tasks) implements QuerySubject {

    public InstanceSubject {
        Objects.requireNonNull(instance, "instance is null");
        tasks = tasks.stream().filter(Task::isActive).toList();
    }

    @Override
    public String attribute(String name) {
        Attribute a = find(name);
        return a == null ? null : a.value();
    }

    @Override public boolean hasAttribute(String name) { return find(name) != null; }

    private Attribute find(String name) {
        if (instance.attributes() == null) return null;
        for (Attribute a : instance.attributes()) if (name.equals(a.name())) return a;
        return null;
    }

    @Override public String ec2InstanceId() { return instance.ec2InstanceId(); }
    @Override public boolean agentConnected() { return instance.agentConnected(); }

    @Override
    public String agentVersion() {
        Object v = instance.versionInfo() == null ? null : instance.versionInfo().get("agentVersion");
        return v == null ? null : v.toString();
    }

    @Override public Instant registeredAt() { return instance.registeredAt(); }
    @Override public long runningTasksCount() { return tasks.stream().filter(t -> "RUNNING".equals(t.lastStatus())).count(); }
    @Override public boolean hasTaskGroup(String group) { return tasks.stream().anyMatch(t -> group.equals(t.group())); }

    @Override
    public Collection<String> taskGroups() {
        Collection<String> groups = new LinkedHashSet<>();
        for (Task t : tasks) if (t.group() != null) groups.add(t.group());
        return groups;
    }
}
