package io.dockyard.loadbalancer;

import java.util.Map;

/**
 * The in-process API for controllers that shift traffic (ECS blue/green, linear and canary
 * deployments): point a listener rule's forward action at one target group, or split it by weight.
 * Errors are the API's ({@link io.dockyard.core.AwsException}).
 */
public interface ListenerRules {

    /**
     * Sends all of the rule's traffic to {@code targetGroupArn}: it gets weight 100 and every other
     * target group of the rule's forward action weight 0 (they stay listed, so their targets keep
     * being health checked). {@code ruleArn} may be a listener's default rule, or a listener
     * (an NLB's "rule" in ECS blue/green): then its default actions shift. The data plane
     * switches at once, between two requests.
     */
    void forward(String ruleArn, String targetGroupArn);

    /**
     * Splits the rule's traffic: each target group of {@code weights} gets its weight (0–999, as
     * ModifyRule takes them), every other group of the forward action weight 0; a group not listed
     * yet is added. The same rules as {@link #forward} for listeners and default rules.
     */
    void weigh(String ruleArn, Map<String, Integer> weights);
}
