package io.dockyard.loadbalancer.api;

import io.dockyard.core.port.TrafficRoutes;
import io.dockyard.loadbalancer.ElbErrors;
import io.dockyard.loadbalancer.Elbv2;
import io.dockyard.loadbalancer.model.LbKinds;
import io.dockyard.loadbalancer.model.Listener;
import io.dockyard.loadbalancer.model.TargetGroup;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link TrafficRoutes} over the stored target groups and listeners; shifts through {@link RuleSwitch}. */
public final class Routes implements TrafficRoutes {
    private final Elbv2 elb;
    private final RuleSwitch rules;

    public Routes(Elbv2 elb, RuleSwitch rules) {
        this.elb = elb;
        this.rules = rules;
    }

    @Override
    public Optional<String> targetGroupArn(String name) {
        return elb.store().list(LbKinds.TARGET_GROUP, tg -> tg.name().equals(name)).stream().map(TargetGroup::arn).findFirst();
    }

    @Override
    public boolean listenerExists(String listenerArn) { return elb.store().get(LbKinds.LISTENER, listenerArn).isPresent(); }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Integer> weights(String listenerArn) {
        Listener l = elb.store().get(LbKinds.LISTENER, listenerArn).orElseThrow(ElbErrors::listenerNotFound);
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Map<String, Object> a : l.defaultActions()) {
            if (!"forward".equals(a.get("Type"))) continue;
            List<Map<String, Object>> tuples = a.get("ForwardConfig") instanceof Map<?, ?> fc && fc.get("TargetGroups") instanceof List<?> tl
                    ? (List<Map<String, Object>>) tl : List.of();
            for (Map<String, Object> t : tuples) {
                out.put(String.valueOf(t.get("TargetGroupArn")), t.get("Weight") instanceof Number n ? n.intValue() : 1);
            }
            if (tuples.isEmpty() && a.get("TargetGroupArn") instanceof String tg) out.put(tg, 1);
        }
        return out;
    }

    @Override
    public void weigh(String listenerArn, Map<String, Integer> weights) { rules.weigh(listenerArn, weights); }
}
