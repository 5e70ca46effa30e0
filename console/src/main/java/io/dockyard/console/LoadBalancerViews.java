package io.dockyard.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.core.AwsException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The load balancers page: each load balancer with its listeners and their rules (forward weights), and every target group's health. */
public final class LoadBalancerViews {
    public record LoadBalancer(String name, String arn, String type, String dns, String state, List<Listener> listeners) {}

    public record Listener(String protocol, int port, List<Rule> rules) {}

    public record Rule(String priority, String conditions, String forwards) {}

    public record TargetGroup(String name, String arn, String protocol, int port, String targetType, List<Views.Target> targets) {}

    private LoadBalancerViews() {}

    static Map<String, Object> read(Reads reads) {
        List<LoadBalancer> lbs = new ArrayList<>();
        for (JsonNode lb : reads.elb("DescribeLoadBalancers", Map.of()).path("LoadBalancers")) {
            String arn = Views.text(lb, "LoadBalancerArn");
            List<Listener> listeners = new ArrayList<>();
            for (JsonNode l : reads.elb("DescribeListeners", Map.of("LoadBalancerArn", arn)).path("Listeners")) {
                List<Rule> rules = new ArrayList<>();
                for (JsonNode r : reads.elb("DescribeRules", Map.of("ListenerArn", Views.text(l, "ListenerArn"))).path("Rules")) {
                    rules.add(new Rule(Views.text(r, "Priority"), conditions(r.path("Conditions")), forwards(r.path("Actions"))));
                }
                listeners.add(new Listener(Views.text(l, "Protocol"), l.path("Port").asInt(), rules));
            }
            lbs.add(new LoadBalancer(Views.text(lb, "LoadBalancerName"), arn, Views.text(lb, "Type"), Views.text(lb, "DNSName"),
                    Views.text(lb.path("State"), "Code"), listeners));
        }
        List<TargetGroup> groups = new ArrayList<>();
        for (JsonNode tg : reads.elb("DescribeTargetGroups", Map.of()).path("TargetGroups")) {
            String arn = Views.text(tg, "TargetGroupArn");
            List<Views.Target> targets;
            try {
                targets = reads.targetHealth(arn);
            } catch (AwsException e) {
                targets = List.of();
            }
            groups.add(new TargetGroup(Views.text(tg, "TargetGroupName"), arn, Views.text(tg, "Protocol"), tg.path("Port").asInt(),
                    Views.text(tg, "TargetType"), targets));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("loadBalancers", lbs);
        m.put("targetGroups", groups);
        return m;
    }

    private static String conditions(JsonNode conditions) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : conditions) {
            List<String> values = new ArrayList<>();
            c.path("Values").forEach(v -> values.add(v.asText()));
            for (String k : List.of("PathPatternConfig", "HostHeaderConfig")) c.path(k).path("Values").forEach(v -> values.add(v.asText()));
            out.add(Views.text(c, "Field") + " " + String.join(", ", values));
        }
        return out.isEmpty() ? "default" : String.join("; ", out);
    }

    private static String forwards(JsonNode actions) {
        List<String> out = new ArrayList<>();
        for (JsonNode a : actions) {
            JsonNode groups = a.path("ForwardConfig").path("TargetGroups");
            if (groups.size() > 0) {
                for (JsonNode g : groups) out.add(Views.shortArn(Views.text(g, "TargetGroupArn")) + " (weight " + g.path("Weight").asInt(1) + ")");
            } else if (!Views.text(a, "TargetGroupArn").isEmpty()) {
                out.add(Views.shortArn(Views.text(a, "TargetGroupArn")));
            } else {
                out.add(Views.text(a, "Type"));
            }
        }
        return String.join(", ", out);
    }
}
