package io.dockyard.loadbalancer.model;

import java.util.List;
import java.util.Map;

/**
 * A listener: the host port it binds, its protocol and its default actions (kept in the wire shape of
 * {@code Action}: Type, TargetGroupArn, ForwardConfig, FixedResponseConfig, RedirectConfig, Order). An HTTPS
 * listener also has its certificates' ARNs (the first is the default one) and its security policy.
 */
public record Listener(
        String arn,
        String loadBalancerArn,
        String protocol,
        int port,
        List<Map<String, Object>> defaultActions,
        String defaultRuleArn,
        List<String> certificates,
        String sslPolicy) {

    public Listener {
        certificates = certificates == null ? List.of() : List.copyOf(certificates);
    }

    public Listener(String arn, String loadBalancerArn, String protocol, int port, List<Map<String, Object>> defaultActions, String defaultRuleArn) {
        this(arn, loadBalancerArn, protocol, port, defaultActions, defaultRuleArn, List.of(), null);
    }

    public Listener with(String newProtocol, int newPort, List<Map<String, Object>> actions) {
        return new Listener(arn, loadBalancerArn, newProtocol, newPort, actions, defaultRuleArn, certificates, sslPolicy);
    }

    /** This listener with these certificates (default first) and security policy. */
    public Listener withTls(List<String> newCertificates, String newPolicy) {
        return new Listener(arn, loadBalancerArn, protocol, port, defaultActions, defaultRuleArn, newCertificates, newPolicy);
    }

    public boolean https() { return "HTTPS".equals(protocol); }
}
