package io.dockyard.controller.service;

import io.dockyard.core.model.ContainerInstance;
import io.dockyard.core.model.Service;
import io.dockyard.core.model.Task;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Where a DAEMON service should run: every ACTIVE instance of its cluster whose agent is connected
 * (draining and leaving instances drop out, joining ones come in).
 */
public class DaemonTargets {

    /** The instances that should hold a task, and those of them lacking a live task of the primary deployment. */
    public record Targets(List<String> instances, List<String> missing) {}

    public Targets targets(Store store, Service s, List<Task> tasks) {
        List<String> instances = store.list(Kinds.CONTAINER_INSTANCE, i -> i.clusterArn().equals(s.clusterArn())
                        && "ACTIVE".equals(i.status()) && i.agentConnected())
                .stream().map(ContainerInstance::arn).toList();
        String primary = s.primary() == null ? "" : s.primary().id();
        Set<String> covered = tasks.stream().filter(t -> primary.equals(t.startedBy()) && !"STOPPED".equals(t.lastStatus())
                        && "RUNNING".equals(t.desiredStatus()) && t.containerInstanceArn() != null)
                .map(Task::containerInstanceArn).collect(Collectors.toSet());
        return new Targets(instances, instances.stream().filter(i -> !covered.contains(i)).toList());
    }
}
