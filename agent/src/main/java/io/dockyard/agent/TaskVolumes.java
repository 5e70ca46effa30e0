package io.dockyard.agent;

import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import io.dockyard.core.Doc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The task definition's volumes made real: host paths become bind mounts, Docker volumes are made
 * (task scope: one per task, removed with the task; shared scope: by name, made if autoprovision).
 */
final class TaskVolumes {
    private TaskVolumes() {}

    /** Resolves every volume of the task into {@code layout}; makes the Docker volumes it needs. */
    static void prepare(Engine engine, TaskLayout layout, List<Map<String, Object>> volumes) {
        for (Map<String, Object> v : volumes) {
            String name = Doc.str(v, "name");
            if (name == null) continue;
            Map<String, Object> host = Doc.map(v, "host");
            Map<String, Object> dvc = Doc.map(v, "dockerVolumeConfiguration");
            if (Doc.map(v, "efsVolumeConfiguration") != null || Doc.map(v, "fsxWindowsFileServerVolumeConfiguration") != null) {
                throw new ContainerPlan.SetupError("ResourceInitializationError: volume " + name + ": EFS and FSx are not available to the Dockyard agent");
            }
            if (host != null && Doc.str(host, "sourcePath") != null) {
                layout.volumeSource(name, Doc.str(host, "sourcePath"));
            } else if (dvc != null && "shared".equals(Doc.str(dvc, "scope"))) {
                layout.volumeSource(name, shared(engine, name, dvc));
            } else {
                String volume = Labels.containerName(layout.family, layout.revision, name);
                Map<String, String> labels = new LinkedHashMap<>(stringMap(dvc == null ? null : Doc.map(dvc, "labels")));
                labels.putAll(layout.labels(null));
                labels.remove(Labels.PAUSE);
                labels.put(Labels.CONTAINER_NAME, name);
                create(engine, volume, dvc, labels);
                layout.volumeSource(name, volume);
            }
        }
    }

    private static String shared(Engine engine, String name, Map<String, Object> dvc) {
        try {
            InspectVolumeResponse existing = engine.client().inspectVolumeCmd(name).exec();
            String driver = Doc.str(dvc, "driver");
            if (driver != null && !driver.equals(existing.getDriver())) {
                throw new ContainerPlan.SetupError("ResourceInitializationError: volume " + name + " exists with driver " + existing.getDriver());
            }
            return name;
        } catch (NotFoundException e) {
            if (!Boolean.TRUE.equals(Doc.bool(dvc, "autoprovision"))) {
                throw new ContainerPlan.SetupError("ResourceInitializationError: shared volume " + name + " does not exist and autoprovision is off");
            }
            create(engine, name, dvc, stringMap(Doc.map(dvc, "labels")));
            return name;
        }
    }

    private static void create(Engine engine, String name, Map<String, Object> dvc, Map<String, String> labels) {
        var cmd = engine.client().createVolumeCmd().withName(name).withLabels(labels);
        if (dvc != null && Doc.str(dvc, "driver") != null) cmd.withDriver(Doc.str(dvc, "driver"));
        Map<String, String> opts = stringMap(dvc == null ? null : Doc.map(dvc, "driverOpts"));
        if (!opts.isEmpty()) cmd.withDriverOpts(opts);
        cmd.exec();
    }

    /** Removes the task-scoped volumes of a task (by label). */
    static void removeTaskVolumes(Engine engine, String agentId, String taskArn) {
        var resp = engine.client().listVolumesCmd().withFilter("label", List.of(Labels.AGENT + "=" + agentId, Labels.TASK_ARN + "=" + taskArn)).exec();
        if (resp.getVolumes() == null) return;
        resp.getVolumes().forEach(v -> engine.removeVolume(v.getName()));
    }

    /** Removes every task-scoped volume this agent made. */
    static void removeAll(Engine engine, String agentId) {
        var resp = engine.client().listVolumesCmd().withFilter("label", List.of(Labels.AGENT + "=" + agentId)).exec();
        if (resp.getVolumes() == null) return;
        resp.getVolumes().forEach(v -> engine.removeVolume(v.getName()));
    }

    private static Map<String, String> stringMap(Map<String, Object> m) {
        Map<String, String> out = new LinkedHashMap<>();
        if (m != null) m.forEach((k, v) -> out.put(k, String.valueOf(v)));
        return out;
    }
}
