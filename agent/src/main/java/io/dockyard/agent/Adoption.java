package io.dockyard.agent;

import com.github.dockerjava.api.model.Container;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The containers a previous agent process (same agent id) left behind, grouped by task. A task the
 * control plane still lists claims its group (re-adoption, no new containers); groups of tasks it no
 * longer lists are stopped and removed once the retention delay has passed.
 */
final class Adoption {
    private static final Logger log = LoggerFactory.getLogger(Adoption.class);

    private final TaskServices s;
    private final Map<String, List<Container>> byTask = new ConcurrentHashMap<>();

    Adoption(TaskServices s) { this.s = s; }

    /** Reads every container carrying this agent's id. */
    void scan() {
        byTask.clear();
        for (Container c : s.engine().listByLabel(Labels.AGENT, s.agentId())) {
            String task = c.getLabels().get(Labels.TASK_ARN);
            if (task != null) byTask.computeIfAbsent(task, k -> new ArrayList<>()).add(c);
        }
        if (!byTask.isEmpty()) log.info("found containers of {} task(s) from before", byTask.size());
    }

    /** The group of a task (removed from the pool), or an empty list. */
    List<Container> claim(String taskArn) {
        List<Container> g = byTask.remove(taskArn);
        return g == null ? List.of() : g;
    }

    /** Releases the groups of {@code instanceArn} whose tasks the control plane did not list. */
    void releaseOrphans(String instanceArn, Collection<String> listed) {
        if (byTask.isEmpty()) return;
        byTask.entrySet().removeIf(e -> {
            if (listed.contains(e.getKey())) return false;
            if (!e.getValue().stream().allMatch(c -> instanceArn.equals(c.getLabels().get(Labels.INSTANCE)))) return false;
            retire(e.getValue());
            return true;
        });
    }

    /** Releases the groups that belong to none of the given clusters (local mode: clusters deleted meanwhile). */
    void releaseOutside(Collection<String> clusters) {
        byTask.entrySet().removeIf(e -> {
            String cluster = e.getValue().get(0).getLabels().get(Labels.CLUSTER);
            if (cluster == null || clusters.contains(cluster)) return false;
            retire(e.getValue());
            return true;
        });
    }

    void clear() { byTask.clear(); }

    private void retire(List<Container> group) {
        Thread.ofVirtual().start(() -> {
            Instant finished = Instant.now();
            for (Container c : group) {
                if ("running".equals(c.getState())) s.engine().stop(c.getId(), ContainerPlan.DEFAULT_STOP_TIMEOUT);
                var r = s.engine().inspect(c.getId());
                if (r != null && r.getState().getFinishedAt() != null && !r.getState().getFinishedAt().startsWith("0001-")) {
                    Instant f = Instant.parse(r.getState().getFinishedAt());
                    if (f.isBefore(finished)) finished = f;
                }
            }
            long delay = Math.max(0, Duration.between(Instant.now(), finished.plus(s.config().retention())).toMillis());
            String task = group.get(0).getLabels().get(Labels.TASK_ARN);
            s.later().schedule(Duration.ofMillis(delay), () -> {
                group.forEach(c -> s.engine().remove(c.getId()));
                TaskVolumes.removeTaskVolumes(s.engine(), s.agentId(), task);
            });
        });
    }
}
