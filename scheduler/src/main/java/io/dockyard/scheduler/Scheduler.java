package io.dockyard.scheduler;

import io.dockyard.core.model.ContainerInstance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Placement as a pure function: (snapshot, request) → plan. Feasibility: ACTIVE, agent connected,
 * CPU, memory, static host ports. Ranking: binpack on memory (the instance with the least memory
 * left that still fits). Each placed task reduces what is left for the next one.
 */
public final class Scheduler {

    public Plan place(Snapshot snapshot, PlacementRequest request) {
        Map<String, Free> free = new LinkedHashMap<>();
        for (ContainerInstance i : snapshot.instances()) free.put(i.arn(), Free.of(i));
        for (Snapshot.Placed p : snapshot.tasks()) {
            Free f = free.get(p.task().containerInstanceArn());
            if (f != null) f.take(p.demand());
        }
        List<String> placements = new ArrayList<>();
        List<Plan.Failure> failures = new ArrayList<>();
        for (int n = 0; n < request.count(); n++) {
            Map<String, String> reasons = new HashMap<>();
            Free best = null;
            for (ContainerInstance i : snapshot.instances()) {
                Free f = free.get(i.arn());
                String reason = f.refusal(i, request.demand());
                if (reason != null) {
                    reasons.put(i.arn(), reason);
                } else if (best == null || f.memory < best.memory) {
                    best = f;
                }
            }
            if (best == null) {
                reasons.forEach((arn, reason) -> failures.add(new Plan.Failure(arn, reason, null)));
                break;
            }
            best.take(request.demand());
            placements.add(best.arn);
        }
        return new Plan(placements, failures);
    }

    /** What is left on one instance while planning. */
    private static final class Free {
        final String arn;
        long cpu;
        long memory;
        final List<String> ports = new ArrayList<>();

        private Free(String arn, long cpu, long memory, List<String> reserved) {
            this.arn = arn;
            this.cpu = cpu;
            this.memory = memory;
            this.ports.addAll(reserved);
        }

        static Free of(ContainerInstance i) {
            List<String> reserved = new ArrayList<>();
            i.registeredResources().stream().filter(r -> r.name().equals("PORTS") && r.stringSetValue() != null)
                    .forEach(r -> r.stringSetValue().forEach(p -> reserved.add(p + "/tcp")));
            return new Free(i.arn(), i.registeredInteger("CPU"), i.registeredInteger("MEMORY"), reserved);
        }

        void take(Demand d) {
            cpu -= d.cpu();
            memory -= d.memory();
            ports.addAll(d.hostPorts());
        }

        String refusal(ContainerInstance i, Demand d) {
            if (!"ACTIVE".equals(i.status()) || !i.agentConnected()) return "AGENT";
            if (d.cpu() > cpu) return "RESOURCE:CPU";
            if (d.memory() > memory) return "RESOURCE:MEMORY";
            for (String p : d.hostPorts()) if (ports.contains(p)) return "RESOURCE:PORTS";
            return null;
        }
    }
}
