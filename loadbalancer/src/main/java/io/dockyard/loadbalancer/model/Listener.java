package io.dockyard.loadbalancer.model;

import java.util.List;
import java.util.Map;

/**
 * A listener: the host port it binds, its protocol and its default actions (kept in the wire shape of
 * {@code Action}: Type, TargetGroupArn, ForwardConfig, FixedResponseConfig, RedirectConfig, Order).
 */
public record Listener(
        String arn,
        String loadBalancerArn,
        String protocol,
        int port,
        List<Map<String, Object>> defaultActions,
        String defaultRuleArn) {

    public Listener with(String newProtocol, int newPort, List<Map<String, Object>> actions) {
        return new Listener(arn, loadBalancerArn, newProtocol, newPort, actions, defaultRuleArn);
    }
}
