package io.dockyard.loadbalancer.model;

import java.util.List;
import java.util.Map;

/** A listener rule (never the default one, which lives on the listener), in the wire shapes of RuleCondition and Action. */
public record Rule(
        String arn,
        String listenerArn,
        int priority,
        List<Map<String, Object>> conditions,
        List<Map<String, Object>> actions) {

    public Rule withPriority(int p) { return new Rule(arn, listenerArn, p, conditions, actions); }

    public Rule with(List<Map<String, Object>> c, List<Map<String, Object>> a) { return new Rule(arn, listenerArn, priority, c, a); }
}
