package io.dockyard.loadbalancer.api;

import io.dockyard.loadbalancer.ElbErrors;
import io.dockyard.loadbalancer.Elbv2;
import io.dockyard.loadbalancer.model.TargetGroup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.dockyard.protocol.QueryParams.bool;
import static io.dockyard.protocol.QueryParams.integer;
import static io.dockyard.protocol.QueryParams.map;
import static io.dockyard.protocol.QueryParams.maps;
import static io.dockyard.protocol.QueryParams.str;

/**
 * Listener and rule actions: validated and normalised to the shape ELB answers with (a forward to
 * one target group carries both TargetGroupArn and ForwardConfig; a redirect has its defaults filled).
 * Supported types: forward (weighted), fixed-response, redirect.
 */
public final class Actions {
    private Actions() {}

    private static final Set<String> CONTENT_TYPES = Set.of("text/plain", "text/css", "text/html", "application/javascript", "application/json");

    /** Validates the actions of an {@code listenerProtocol} listener; returns them normalised. */
    public static List<Map<String, Object>> normalize(Elbv2 elb, List<Map<String, Object>> in, String listenerProtocol) {
        if (in.isEmpty()) throw ElbErrors.validation("At least one action must be specified");
        if (in.size() > 1) throw ElbErrors.invalidAction("Dockyard supports exactly one action per listener or rule (forward, fixed-response or redirect)");
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> a : in) {
            String type = str(a, "Type");
            if (type == null) throw ElbErrors.validation("An action must have a type");
            Map<String, Object> n = new LinkedHashMap<>();
            n.put("Type", type);
            switch (type) {
                case "forward" -> forward(elb, a, n, listenerProtocol);
                case "fixed-response" -> { tcpNotAllowed(listenerProtocol, type); n.put("FixedResponseConfig", fixedResponse(map(a, "FixedResponseConfig"))); }
                case "redirect" -> { tcpNotAllowed(listenerProtocol, type); n.put("RedirectConfig", redirect(map(a, "RedirectConfig"))); }
                case "authenticate-oidc", "authenticate-cognito", "jwt-validation" ->
                        throw ElbErrors.invalidAction("Action type '" + type + "' is not supported by Dockyard");
                default -> throw ElbErrors.validation("Action type '" + type + "' must be one of [forward, fixed-response, redirect]");
            }
            n.put("Order", integer(a, "Order", 1, 50000) == null ? out.size() + 1 : integer(a, "Order"));
            out.add(n);
        }
        return out;
    }

    private static void tcpNotAllowed(String protocol, String type) {
        if ("TCP".equals(protocol)) throw ElbErrors.invalidAction("Action type '" + type + "' is not supported for TCP listeners");
    }

    private static void forward(Elbv2 elb, Map<String, Object> a, Map<String, Object> n, String listenerProtocol) {
        String single = str(a, "TargetGroupArn");
        Map<String, Object> fc = map(a, "ForwardConfig");
        List<Map<String, Object>> tuples = new ArrayList<>();
        for (Map<String, Object> t : maps(fc, "TargetGroups")) {
            Integer w = integer(t, "Weight", 0, 999);
            String arn = str(t, "TargetGroupArn");
            if (arn == null) throw ElbErrors.validation("A target group ARN must be specified in each target group tuple");
            Map<String, Object> tuple = new LinkedHashMap<>();
            tuple.put("TargetGroupArn", arn);
            tuple.put("Weight", w == null ? 1 : w);
            tuples.add(tuple);
        }
        if (single == null && tuples.isEmpty()) throw ElbErrors.validation("A target group ARN must be specified");
        if (single != null && !tuples.isEmpty() && !(tuples.size() == 1 && tuples.get(0).get("TargetGroupArn").equals(single))) {
            throw ElbErrors.validation("You cannot specify both a target group ARN and a forward config with different target groups");
        }
        if (tuples.isEmpty()) tuples.add(new LinkedHashMap<>(Map.of("TargetGroupArn", single, "Weight", 1)));
        if (tuples.size() > 5) throw new io.dockyard.core.AwsException("TooManyTargetGroups", 400, "A forward action can have at most 5 target groups");
        Set<String> seen = new LinkedHashSet<>();
        for (Map<String, Object> t : tuples) {
            String arn = (String) t.get("TargetGroupArn");
            if (!seen.add(arn)) throw ElbErrors.validation("Target group '" + arn + "' is listed more than once");
            TargetGroup tg = elb.targetGroup(arn);
            boolean httpListener = !"TCP".equals(listenerProtocol);
            boolean httpGroup = "HTTP".equals(tg.protocol()) || "HTTPS".equals(tg.protocol());
            if (httpListener != httpGroup) {
                throw ElbErrors.incompatibleProtocols("Listener protocol '" + listenerProtocol + "' is not compatible with target group protocol '" + tg.protocol() + "'");
            }
        }
        if (tuples.size() == 1) n.put("TargetGroupArn", tuples.get(0).get("TargetGroupArn"));
        Map<String, Object> stickiness = map(fc, "TargetGroupStickinessConfig");
        Map<String, Object> sticky = new LinkedHashMap<>();
        Boolean enabled = bool(stickiness, "Enabled");
        sticky.put("Enabled", enabled != null && enabled);
        Integer duration = integer(stickiness, "DurationSeconds", 1, 604800);
        if (duration != null) sticky.put("DurationSeconds", duration);
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("TargetGroups", tuples);
        config.put("TargetGroupStickinessConfig", sticky);
        n.put("ForwardConfig", config);
    }

    private static Map<String, Object> fixedResponse(Map<String, Object> c) {
        String code = str(c, "StatusCode");
        if (code == null || !code.matches("^(2|4|5)\\d\\d$")) throw ElbErrors.validation("Fixed response status code must be 2XX, 4XX or 5XX");
        String type = str(c, "ContentType");
        if (type != null && !CONTENT_TYPES.contains(type)) throw ElbErrors.validation("Fixed response content type must be one of " + CONTENT_TYPES);
        String body = str(c, "MessageBody");
        if (body != null && body.length() > 1024) throw ElbErrors.validation("Fixed response message body must be at most 1024 characters");
        Map<String, Object> n = new LinkedHashMap<>();
        if (body != null) n.put("MessageBody", body);
        n.put("StatusCode", code);
        if (type != null) n.put("ContentType", type);
        return n;
    }

    private static Map<String, Object> redirect(Map<String, Object> c) {
        String code = str(c, "StatusCode");
        if (!"HTTP_301".equals(code) && !"HTTP_302".equals(code)) throw ElbErrors.validation("Redirect status code must be HTTP_301 or HTTP_302");
        String protocol = orDefault(str(c, "Protocol"), "#{protocol}");
        if (!protocol.equals("#{protocol}") && !protocol.equals("HTTP") && !protocol.equals("HTTPS")) throw ElbErrors.validation("Redirect protocol must be HTTP, HTTPS or #{protocol}");
        String path = orDefault(str(c, "Path"), "/#{path}");
        if (!path.startsWith("/")) throw ElbErrors.validation("Redirect path must start with a '/'");
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("Protocol", protocol);
        n.put("Port", orDefault(str(c, "Port"), "#{port}"));
        n.put("Host", orDefault(str(c, "Host"), "#{host}"));
        n.put("Path", path);
        n.put("Query", orDefault(str(c, "Query"), "#{query}"));
        n.put("StatusCode", code);
        return n;
    }

    private static String orDefault(String s, String d) { return s == null || s.isEmpty() ? d : s; }

    /** Every target group ARN the actions forward to. */
    @SuppressWarnings("unchecked")
    public static Set<String> targetGroups(List<Map<String, Object>> actions) {
        Set<String> out = new LinkedHashSet<>();
        for (Map<String, Object> a : actions) {
            if (a.get("ForwardConfig") instanceof Map<?, ?> fc && fc.get("TargetGroups") instanceof List<?> l) {
                for (Object t : l) if (t instanceof Map<?, ?> m && m.get("TargetGroupArn") instanceof String s) out.add(s);
            } else if (a.get("TargetGroupArn") instanceof String s) {
                out.add(s);
            }
        }
        return out;
    }
}
