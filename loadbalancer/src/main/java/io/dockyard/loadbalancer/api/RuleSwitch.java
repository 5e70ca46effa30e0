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
        weigh(ruleArn, Map.of(targetGroupArn, 100));
    }

    @Override
    public void weigh(String ruleArn, Map<String, Integer> weights) {
        for (int w : weights.values()) if (w < 0 || w > 999) throw ElbErrors.validation("A target group weight must be between 0 and 999");
        elb.store().atomically(() -> {
            weights.keySet().forEach(elb::targetGroup);
            Listener owner = elb.store().get(LbKinds.LISTENER, ruleArn)
                    .or(() -> elb.store().list(LbKinds.LISTENER, l -> l.defaultRuleArn().equals(ruleArn)).stream().findFirst()).orElse(null);
            if (owner != null) {
                elb.store().put(LbKinds.LISTENER, owner.with(owner.protocol(), owner.port(), shifted(owner.defaultActions(), weights)));
            } else {
                Rule r = elb.rule(ruleArn);
                elb.store().put(LbKinds.RULE, r.with(r.conditions(), shifted(r.actions(), weights)));
            }
        });
        elb.dataPlane().changed();
    }

    /** The actions with their forward action weighted by {@code weights} (groups not named there get 0). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> shifted(List<Map<String, Object>> actions, Map<String, Integer> weights) {
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
            java.util.Set<String> listed = Actions.targetGroups(List.of(a));
            for (String arn : listed) tuples.add(tuple(arn, weights.getOrDefault(arn, 0)));
            weights.forEach((arn, w) -> { if (!listed.contains(arn)) tuples.add(tuple(arn, w)); });
            Map<String, Object> config = new LinkedHashMap<>(fc);
            config.put("TargetGroups", tuples);
            Map<String, Object> n = new LinkedHashMap<>(a);
            n.remove("TargetGroupArn");
            if (tuples.size() == 1) n.put("TargetGroupArn", tuples.get(0).get("TargetGroupArn"));
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
