package io.dockyard.loadbalancer;

/**
 * The in-process API for controllers that shift traffic (ECS blue/green deployments): point a
 * listener rule's forward action at one target group. Errors are the API's ({@link io.dockyard.core.AwsException}).
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
}
