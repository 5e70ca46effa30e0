package io.dockyard.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Container ordering: dependsOn conditions (START, COMPLETE, SUCCESS, HEALTHY), creation order and stop order. */
final class Dependencies {
    /** Whether a container may start now, must wait, or never can ({@code reason} says why). */
    record Readiness(State state, String reason) {
        enum State { READY, WAIT, FAILED }
        static final Readiness READY = new Readiness(State.READY, null);
        static final Readiness WAIT = new Readiness(State.WAIT, null);
        static Readiness failed(String why) { return new Readiness(State.FAILED, why); }
    }

    private Dependencies() {}

    /** Evaluates the dependencies of {@code c} against the current state of its task's containers. */
    static Readiness check(ContainerState c, Map<String, ContainerState> all, Instant now) {
        boolean waiting = false;
        for (ContainerPlan.Dependency d : c.plan.dependsOn()) {
            ContainerState dep = all.get(d.container());
            if (dep == null) return Readiness.failed("dependency " + d.container() + " is not a container of the task");
            Readiness r = condition(dep, d.condition());
            if (r.state() == Readiness.State.FAILED) return r;
            if (r.state() == Readiness.State.WAIT) waiting = true;
        }
        if (!waiting) return Readiness.READY;
        Instant since = c.waitingSince == null ? now : c.waitingSince;
        if (Duration.between(since, now).toSeconds() >= c.plan.startTimeoutSeconds()) {
            return Readiness.failed("timed out after " + c.plan.startTimeoutSeconds() + "s waiting for its dependencies");
        }
        return Readiness.WAIT;
    }

    private static Readiness condition(ContainerState dep, String condition) {
        String who = "dependency " + dep.name();
        return switch (condition) {
            case "START" -> dep.started ? Readiness.READY
                    : dep.isStopped() ? Readiness.failed(who + " never started") : Readiness.WAIT;
            case "COMPLETE" -> dep.isStopped() ? (dep.started ? Readiness.READY : Readiness.failed(who + " never started")) : Readiness.WAIT;
            case "SUCCESS" -> !dep.isStopped() ? Readiness.WAIT
                    : Integer.valueOf(0).equals(dep.exitCode) ? Readiness.READY
                    : Readiness.failed(who + " exited with " + dep.exitCode + " (condition SUCCESS)");
            case "HEALTHY" -> "HEALTHY".equals(dep.health) ? Readiness.READY
                    : dep.isStopped() ? Readiness.failed(who + " stopped before it was healthy")
                    : !dep.hasHealthCheck() ? Readiness.failed(who + " has no health check (condition HEALTHY)")
                    : Readiness.WAIT;
            default -> Readiness.failed("unknown dependency condition " + condition);
        };
    }

    /** The containers in an order where each comes after the ones it depends on (cycles: definition order). */
    static List<ContainerState> creationOrder(Map<String, ContainerState> all) {
        Set<String> done = new LinkedHashSet<>();
        List<ContainerState> out = new ArrayList<>();
        boolean progress = true;
        while (out.size() < all.size() && progress) {
            progress = false;
            for (ContainerState c : all.values()) {
                if (done.contains(c.name())) continue;
                boolean ready = c.plan.dependsOn().stream().allMatch(d -> done.contains(d.container()) || !all.containsKey(d.container()));
                if (ready) {
                    done.add(c.name());
                    out.add(c);
                    progress = true;
                }
            }
        }
        for (ContainerState c : all.values()) if (!done.contains(c.name())) out.add(c);
        return out;
    }

    /**
     * Stop waves: each wave holds containers no remaining container depends on, so dependents stop
     * before what they depend on (the reverse of start order).
     */
    static List<List<ContainerState>> stopWaves(Collection<ContainerState> toStop) {
        Map<String, ContainerState> remaining = new LinkedHashMap<>();
        for (ContainerState c : toStop) remaining.put(c.name(), c);
        List<List<ContainerState>> waves = new ArrayList<>();
        while (!remaining.isEmpty()) {
            List<ContainerState> wave = new ArrayList<>();
            for (ContainerState c : remaining.values()) {
                boolean needed = remaining.values().stream().anyMatch(o -> o != c
                        && o.plan.dependsOn().stream().anyMatch(d -> d.container().equals(c.name())));
                if (!needed) wave.add(c);
            }
            if (wave.isEmpty()) wave.addAll(remaining.values());
            wave.forEach(c -> remaining.remove(c.name()));
            waves.add(wave);
        }
        return waves;
    }
}
