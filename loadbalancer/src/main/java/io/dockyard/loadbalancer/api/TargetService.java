package io.dockyard.loadbalancer.api;

import io.dockyard.core.port.Kinds;
import io.dockyard.loadbalancer.ElbErrors;
import io.dockyard.loadbalancer.Elbv2;
import io.dockyard.loadbalancer.TargetHealth;
import io.dockyard.loadbalancer.TargetRegistry;
import io.dockyard.loadbalancer.model.LbKinds;
import io.dockyard.loadbalancer.model.Registration;
import io.dockyard.loadbalancer.model.TargetGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Target registration shared by the API (RegisterTargets, DeregisterTargets, DescribeTargetHealth)
 * and in-process controllers ({@link TargetRegistry}).
 */
public final class TargetService implements TargetRegistry {
    private static final Pattern IPV4 = Pattern.compile("^((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)$");

    /** One target of a request: id, port (null: the group's port) and availability zone. */
    public record Target(String id, Integer port, String availabilityZone) {}

    private final Elbv2 elb;

    public TargetService(Elbv2 elb) { this.elb = elb; }

    /** Registers the targets all or none; an already registered target is left as it is. */
    public void register(String tgArn, List<Target> targets) {
        elb.store().atomically(() -> {
            TargetGroup tg = elb.targetGroup(tgArn);
            List<Registration> add = new ArrayList<>();
            for (Target t : targets) {
                validate(tg, t);
                int port = t.port() == null ? tg.port() : t.port();
                if (elb.store().get(LbKinds.REGISTRATION, Registration.key(tgArn, t.id(), port)).isEmpty()) {
                    add.add(new Registration(tgArn, t.id(), port, t.availabilityZone() == null ? elb.availabilityZone() : t.availabilityZone(), elb.now()));
                }
            }
            if (elb.store().list(LbKinds.REGISTRATION, r -> r.targetGroupArn().equals(tgArn)).size() + add.size() > 1000) {
                throw new io.dockyard.core.AwsException("TooManyTargets", 400, "You've reached the limit on the number of targets per target group");
            }
            add.forEach(r -> elb.store().put(LbKinds.REGISTRATION, r));
        });
        elb.dataPlane().changed();
    }

    private void validate(TargetGroup tg, Target t) {
        if (t.id() == null || t.id().isEmpty()) throw ElbErrors.validation("A target ID must be specified");
        if (t.port() != null && (t.port() < 1 || t.port() > 65535)) throw ElbErrors.validation("Target port must be between 1 and 65535");
        if ("ip".equals(tg.targetType())) {
            if (!IPV4.matcher(t.id()).matches()) throw ElbErrors.invalidTarget("The IP address '" + t.id() + "' is not a valid IPv4 address");
        } else if (elb.store().list(Kinds.CONTAINER_INSTANCE, ci -> t.id().equals(ci.ec2InstanceId())).isEmpty()) {
            throw ElbErrors.invalidTarget("The following targets are not valid instances: '" + t.id() + "'");
        }
    }

    /** Deregisters the targets all or none; each must be registered. */
    public void deregister(String tgArn, List<Target> targets) {
        elb.store().atomically(() -> {
            TargetGroup tg = elb.targetGroup(tgArn);
            List<String> keys = new ArrayList<>();
            for (Target t : targets) {
                if (t.id() == null || t.id().isEmpty()) throw ElbErrors.validation("A target ID must be specified");
                String key = Registration.key(tgArn, t.id(), t.port() == null ? tg.port() : t.port());
                if (elb.store().get(LbKinds.REGISTRATION, key).isEmpty()) {
                    throw ElbErrors.invalidTarget("The following targets are not registered in target group '" + tgArn + "': '" + t.id() + "'");
                }
                keys.add(key);
            }
            keys.forEach(k -> elb.store().delete(LbKinds.REGISTRATION, k));
        });
        elb.dataPlane().changed();
    }

    /** The health of the group's registered and draining targets, or of the asked ones only. */
    public List<TargetHealth> health(String tgArn, List<Target> asked) {
        TargetGroup tg = elb.targetGroup(tgArn);
        boolean inUse = !Shapes.loadBalancersUsing(elb.store(), tgArn).isEmpty();
        List<TargetHealth> live = elb.dataPlane().health(tgArn);
        List<Registration> regs = elb.store().list(LbKinds.REGISTRATION, r -> r.targetGroupArn().equals(tgArn));
        List<TargetHealth> out = new ArrayList<>();
        for (Registration r : regs) {
            if (!inUse) {
                out.add(new TargetHealth(r.id(), r.port(), "unused", "Target.NotInUse", "Target group is not configured to receive traffic from the load balancer"));
            } else if (!tg.healthCheck().enabled()) {
                out.add(new TargetHealth(r.id(), r.port(), "unavailable", "Target.HealthCheckDisabled", "Health checks are disabled for the target group"));
            } else {
                out.add(live.stream().filter(h -> h.id().equals(r.id()) && h.port() == r.port() && !h.state().equals("draining")).findFirst()
                        .orElse(new TargetHealth(r.id(), r.port(), "initial", "Elb.RegistrationInProgress", "Target registration is in progress")));
            }
        }
        live.stream().filter(h -> h.state().equals("draining")).forEach(out::add);
        if (asked.isEmpty()) return out;
        List<TargetHealth> filtered = new ArrayList<>();
        for (Target t : asked) {
            int port = t.port() == null ? tg.port() : t.port();
            filtered.add(out.stream().filter(h -> h.id().equals(t.id()) && h.port() == port).findFirst()
                    .orElse(new TargetHealth(t.id(), port, "unused", "Target.NotRegistered", "Target is not registered to the target group")));
        }
        return filtered;
    }

    /** The port health checks use for a target: the target's own port, or the group's fixed health check port. */
    public String healthCheckPort(String tgArn, int targetPort) {
        String p = elb.targetGroup(tgArn).healthCheck().port();
        return "traffic-port".equals(p) ? Integer.toString(targetPort) : p;
    }

    @Override
    public void register(String targetGroupArn, String id, int port) { register(targetGroupArn, List.of(new Target(id, port, null))); }

    @Override
    public void deregister(String targetGroupArn, String id, int port) { deregister(targetGroupArn, List.of(new Target(id, port, null))); }

    @Override
    public List<TargetHealth> health(String targetGroupArn) { return health(targetGroupArn, List.of()); }

    static List<Target> parse(List<Map<String, Object>> in) {
        List<Target> out = new ArrayList<>();
        for (Map<String, Object> m : in) {
            out.add(new Target(io.dockyard.protocol.QueryParams.str(m, "Id"), io.dockyard.protocol.QueryParams.integer(m, "Port"),
                    io.dockyard.protocol.QueryParams.str(m, "AvailabilityZone")));
        }
        return out;
    }
}
