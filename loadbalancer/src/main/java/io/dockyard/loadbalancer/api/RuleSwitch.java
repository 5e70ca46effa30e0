package io.dockyard.loadbalancer.api;

import io.dockyard.loadbalancer.ElbErrors;
import io.dockyard.loadbalancer.Elbv2;
import io.dockyard.loadbalancer.ListenerRules;
import io.dockyard.loadbalancer.model.LbKinds;
import io.dockyard.loadbalancer.model.Listener;
import io.dockyard.loadbalancer.model.Rule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@link ListenerRules} over the stored rules and listeners: a weight change of the forward action, as ModifyRule would make it. */
public final class RuleSwitch implements ListenerRules {
    private final Elbv2 elb;

    public RuleSwitch(Elbv2 elb) { this.elb = elb; }

    @Override
    public void forward(String ruleArn, String targetGroupArn) {
        elb.store().atomically(() -> {
            elb.targetGroup(targetGroupArn);
            Listener owner = elb.store().get(LbKinds.LISTENER, ruleArn)
                    .or(() -> elb.store().list(LbKinds.LISTENER, l -> l.defaultRuleArn().equals(ruleArn)).stream().findFirst()).orElse(null);
            if (owner != null) {
                elb.store().put(LbKinds.LISTENER, owner.with(owner.protocol(), owner.port(), shifted(owner.defaultActions(), targetGroupArn)));
            } else {
                Rule r = elb.rule(ruleArn);
                elb.store().put(LbKinds.RULE, r.with(r.conditions(), shifted(r.actions(), targetGroupArn)));
            }
        });
        elb.dataPlane().changed();
    }

    /** The actions with their forward action sending everything to {@code target}. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> shifted(List<Map<String, Object>> actions, String target) {
        List<Map<String, Object>> out = new ArrayList<>();
        boolean found = false;
        for (Map<String, Object> a : actions) {
            if (!"forward".equals(a.get("Type"))) {
                out.add(a);
                continue;
            }
            found = true;
            Map<String, Object> fc = a.get("ForwardConfig") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            List<Map<String, Object>> tuples = new ArrayList<>();
            boolean listed = false;
            for (String arn : Actions.targetGroups(List.of(a))) {
                listed |= arn.equals(target);
                tuples.add(tuple(arn, arn.equals(target) ? 100 : 0));
            }
            if (!listed) tuples.add(tuple(target, 100));
            Map<String, Object> config = new LinkedHashMap<>(fc);
            config.put("TargetGroups", tuples);
            Map<String, Object> n = new LinkedHashMap<>(a);
            n.remove("TargetGroupArn");
            if (tuples.size() == 1) n.put("TargetGroupArn", target);
            n.put("ForwardConfig", config);
            out.add(n);
        }
        if (!found) throw ElbErrors.invalidAction("The rule has no forward action to shift traffic with");
        return out;
    }

    private static Map<String, Object> tuple(String arn, int weight) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("TargetGroupArn", arn);
        t.put("Weight", weight);
        return t;
    }
}
