package io.dockyard.agent;

import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import io.dockyard.core.model.Container;
import io.dockyard.core.model.NetworkBinding;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** What the agent knows of one container of a task: its Docker id, phase, exit code, health and bindings. */
final class ContainerState {
    /** Where a container is: not made yet, made, running, or stopped (exited or never to start). */
    enum Phase { NONE, CREATED, RUNNING, STOPPED }

    /** The ECS agent's reason for a container that disappeared from the engine (removed from outside). */
    static final String VANISHED = "ContainerVanishedError: No container matching saved ID found";

    final ContainerPlan plan;
    final Container record;
    volatile String dockerId;
    volatile Phase phase = Phase.NONE;
    volatile boolean started;
    volatile Integer exitCode;
    volatile String reason;
    volatile String health;
    volatile List<NetworkBinding> bindings = List.of();
    volatile String imageDigest;
    volatile Instant waitingSince;

    ContainerState(ContainerPlan plan, Container record) {
        this.plan = plan;
        this.record = record;
        this.health = hasHealthCheck() ? "UNKNOWN" : null;
    }

    String name() { return plan.name(); }
    boolean hasHealthCheck() { return ContainerFactory.healthCheck(io.dockyard.core.Doc.map(plan.raw(), "healthCheck")) != null; }
    boolean isStopped() { return phase == Phase.STOPPED; }
    boolean vanished() { return isStopped() && VANISHED.equals(reason); }

    /** Takes what an inspect says: running or exited (with exit code), health, and published ports. */
    void observe(InspectContainerResponse r, String networkMode) {
        var s = r.getState();
        if ("removing".equals(s.getStatus()) || Boolean.TRUE.equals(s.getDead())) {
            started = true;
            markExited(s.getExitCodeLong() == null ? null : s.getExitCodeLong().intValue(), VANISHED);
        } else if (Boolean.TRUE.equals(s.getRunning())) {
            phase = Phase.RUNNING;
            started = true;
            bindings = bindings(r, networkMode);
        } else if (s.getStartedAt() != null && !s.getStartedAt().startsWith("0001-")) {
            started = true;
            markExited(s.getExitCodeLong() == null ? null : s.getExitCodeLong().intValue(),
                    Boolean.TRUE.equals(s.getOOMKilled()) ? "OutOfMemoryError: Container killed due to memory usage" : null);
        } else if (phase == Phase.NONE) {
            phase = Phase.CREATED;
        }
        HealthState h = s.getHealth();
        if (h != null && h.getStatus() != null) health(h.getStatus());
    }

    void markExited(Integer code, String why) {
        if (phase == Phase.STOPPED) return;
        phase = Phase.STOPPED;
        exitCode = code;
        if (why != null) reason = why;
        if (health != null) health = "UNKNOWN";
    }

    /** Docker health ("healthy", "unhealthy", "starting") as ECS spells it. */
    void health(String docker) {
        if (phase == Phase.STOPPED) return;
        health = switch (docker) {
            case "healthy" -> "HEALTHY";
            case "unhealthy" -> "UNHEALTHY";
            default -> "UNKNOWN";
        };
    }

    private List<NetworkBinding> bindings(InspectContainerResponse r, String networkMode) {
        List<NetworkBinding> out = new ArrayList<>();
        if ("host".equals(networkMode)) {
            for (var m : plan.spec().portMappings()) {
                out.add(new NetworkBinding("0.0.0.0", m.containerPort(), m.hostPort() == null || m.hostPort() == 0 ? m.containerPort() : m.hostPort(), m.protocol()));
            }
            return out;
        }
        if (r.getNetworkSettings() == null || r.getNetworkSettings().getPorts() == null) return out;
        for (Map.Entry<ExposedPort, Ports.Binding[]> e : r.getNetworkSettings().getPorts().getBindings().entrySet()) {
            if (e.getValue() == null) continue;
            for (Ports.Binding b : e.getValue()) {
                String ip = b.getHostIp() == null || b.getHostIp().isEmpty() ? "0.0.0.0" : b.getHostIp();
                if (ip.contains(":")) continue; // the IPv6 twin of the same binding
                out.add(new NetworkBinding(ip, e.getKey().getPort(), Integer.parseInt(b.getHostPortSpec()), e.getKey().getProtocol().toString()));
            }
        }
        return out;
    }

    /** The container as a report carries it. */
    Container toRecord(List<Map<String, Object>> networkInterfaces) {
        String status = switch (phase) {
            case NONE, CREATED -> "PENDING";
            case RUNNING -> "RUNNING";
            case STOPPED -> "STOPPED";
        };
        return record.toBuilder()
                .name(plan.name())
                .image(plan.spec().image())
                .imageDigest(imageDigest)
                .runtimeId(dockerId)
                .lastStatus(status)
                .exitCode(exitCode)
                .reason(reason)
                .networkBindings(bindings)
                .networkInterfaces(networkInterfaces)
                .healthStatus(health == null ? "UNKNOWN" : health)
                .cpu(String.valueOf(plan.cpu()))
                .memory(plan.memory() == null ? null : String.valueOf(plan.memory()))
                .memoryReservation(plan.memoryReservation() == null ? null : String.valueOf(plan.memoryReservation()))
                .build();
    }
}
