package io.dockyard.loadbalancer.api;

import io.dockyard.protocol.RequestContext;
import io.dockyard.protocol.access.AccessMapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ELBv2's IAM actions ({@code elasticloadbalancing:<Operation>}) and resources as the Service Authorization Reference
 * gives them: Describe* and Create* of load balancers and target groups name none ({@code *}); every other operation
 * names the most specific ARN of its input — the rule (RuleArn, SetRulePriorities' rules), else the listener, else the
 * target group, else the load balancer — and AddTags/RemoveTags every ARN in ResourceArns.
 */
public final class Elbv2Access implements AccessMapping {
    private static final List<String> MOST_SPECIFIC_FIRST = List.of("RuleArn", "ListenerArn", "TargetGroupArn", "LoadBalancerArn");

    @Override
    public String service() { return Elbv2Operations.SIGNING_NAME; }

    @Override
    public List<String> resources(String operation, Map<String, Object> in, RequestContext ctx) {
        List<String> out = new ArrayList<>();
        if (operation.startsWith("Describe")) return out;
        for (String key : MOST_SPECIFIC_FIRST) {
            if (in.get(key) instanceof String arn) {
                out.add(arn);
                return out;
            }
        }
        if (in.get("ResourceArns") instanceof List<?> arns) arns.forEach(x -> out.add(String.valueOf(x)));
        if (in.get("RulePriorities") instanceof List<?> rules) {
            for (Object r : rules) if (r instanceof Map<?, ?> m && m.get("RuleArn") instanceof String arn) out.add(arn);
        }
        return out;
    }
}
