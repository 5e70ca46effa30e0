package io.dockyard.loadbalancer.api;

import io.dockyard.loadbalancer.ElbErrors;
import io.dockyard.loadbalancer.model.HealthCheck;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static io.dockyard.protocol.QueryParams.bool;
import static io.dockyard.protocol.QueryParams.integer;
import static io.dockyard.protocol.QueryParams.map;
import static io.dockyard.protocol.QueryParams.str;

/** Health check defaults and validation, and target group attributes with AWS's defaults and allowed values. */
public final class TargetGroupSettings {
    private TargetGroupSettings() {}

    /** AWS's defaults: HTTP groups check {@code /} every 30 s (timeout 5 s, 5 healthy / 2 unhealthy, matcher 200); TCP groups connect every 30 s (timeout 10 s). */
    public static HealthCheck defaults(String protocol) {
        return "TCP".equals(protocol)
                ? new HealthCheck(true, "TCP", "traffic-port", null, 30, 10, 5, 2, null)
                : new HealthCheck(true, "HTTP", "traffic-port", "/", 30, 5, 5, 2, "200");
    }

    /** Applies the HealthCheck* members and Matcher of a request to {@code base}, then validates the whole. */
    public static HealthCheck apply(HealthCheck base, Map<String, Object> in) {
        String protocol = str(in, "HealthCheckProtocol") == null ? base.protocol() : str(in, "HealthCheckProtocol");
        if (!Set.of("HTTP", "TCP").contains(protocol)) throw ElbErrors.validation("Health check protocol '" + protocol + "' is not supported by Dockyard (HTTP or TCP)");
        boolean http = protocol.equals("HTTP");
        String port = str(in, "HealthCheckPort") == null ? base.port() : str(in, "HealthCheckPort");
        if (!port.equals("traffic-port")) {
            try {
                int p = Integer.parseInt(port);
                if (p < 1 || p > 65535) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                throw ElbErrors.validation("Health check port '" + port + "' must be 'traffic-port' or a port from 1 to 65535");
            }
        }
        String path = str(in, "HealthCheckPath") != null ? str(in, "HealthCheckPath") : (http ? (base.path() == null ? "/" : base.path()) : null);
        if (path != null && (!path.startsWith("/") || path.length() > 1024)) throw ElbErrors.validation("Health check path must begin with '/' and be at most 1024 characters");
        Map<String, Object> matcher = map(in, "Matcher");
        String codes = matcher != null && str(matcher, "HttpCode") != null ? str(matcher, "HttpCode") : (http ? (base.matcher() == null ? "200" : base.matcher()) : null);
        if (codes != null) validateMatcher(codes);
        Boolean enabled = bool(in, "HealthCheckEnabled");
        Integer interval = integer(in, "HealthCheckIntervalSeconds", 5, 300);
        Integer timeout = integer(in, "HealthCheckTimeoutSeconds", 2, 120);
        Integer healthy = integer(in, "HealthyThresholdCount", 2, 10);
        Integer unhealthy = integer(in, "UnhealthyThresholdCount", 2, 10);
        HealthCheck h = new HealthCheck(enabled == null ? base.enabled() : enabled, protocol, port, http ? path : null,
                interval == null ? base.intervalSeconds() : interval, timeout == null ? base.timeoutSeconds() : timeout,
                healthy == null ? base.healthyThreshold() : healthy, unhealthy == null ? base.unhealthyThreshold() : unhealthy, http ? codes : null);
        if (h.timeoutSeconds() >= h.intervalSeconds()) {
            throw ElbErrors.validation("Health check timeout '" + h.timeoutSeconds() + "' must be smaller than the interval '" + h.intervalSeconds() + "'");
        }
        return h;
    }

    /** {@code 200}, {@code 200,202}, {@code 200-299}; codes 200–499. */
    static void validateMatcher(String codes) {
        for (String part : codes.split(",")) {
            String[] range = part.trim().split("-");
            if (range.length > 2) throw ElbErrors.validation("Invalid health check matcher '" + codes + "'");
            for (String r : range) {
                int c;
                try {
                    c = Integer.parseInt(r.trim());
                } catch (NumberFormatException e) {
                    throw ElbErrors.validation("Invalid health check matcher '" + codes + "'");
                }
                if (c < 200 || c > 499) throw ElbErrors.validation("Health check matcher HTTP codes must be between 200 and 499");
            }
        }
    }

    /** Whether {@code status} matches a matcher such as {@code 200-299,302}. */
    public static boolean matches(String codes, int status) {
        for (String part : codes.split(",")) {
            String[] range = part.trim().split("-");
            int lo = Integer.parseInt(range[0].trim());
            int hi = range.length == 2 ? Integer.parseInt(range[1].trim()) : lo;
            if (status >= lo && status <= hi) return true;
        }
        return false;
    }

    /** The attributes a new group starts with, as AWS lists them. */
    public static Map<String, String> defaultAttributes(String protocol) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("deregistration_delay.timeout_seconds", "300");
        a.put("stickiness.enabled", "false");
        if ("TCP".equals(protocol)) {
            a.put("stickiness.type", "source_ip");
            a.put("deregistration_delay.connection_termination.enabled", "false");
            a.put("preserve_client_ip.enabled", "false");
            a.put("proxy_protocol_v2.enabled", "false");
        } else {
            a.put("stickiness.type", "lb_cookie");
            a.put("stickiness.lb_cookie.duration_seconds", "86400");
            a.put("stickiness.app_cookie.cookie_name", "");
            a.put("stickiness.app_cookie.duration_seconds", "86400");
            a.put("slow_start.duration_seconds", "0");
            a.put("load_balancing.algorithm.type", "round_robin");
            a.put("load_balancing.algorithm.anomaly_mitigation", "off");
        }
        a.put("load_balancing.cross_zone.enabled", "use_load_balancer_configuration");
        a.put("target_group_health.dns_failover.minimum_healthy_targets.count", "1");
        a.put("target_group_health.dns_failover.minimum_healthy_targets.percentage", "off");
        a.put("target_group_health.unhealthy_state_routing.minimum_healthy_targets.count", "1");
        a.put("target_group_health.unhealthy_state_routing.minimum_healthy_targets.percentage", "off");
        return a;
    }

    /** Checks one attribute change against the group's known keys and the allowed values. */
    public static void validateAttribute(Map<String, String> current, String key, String value) {
        if (key == null || !current.containsKey(key)) throw ElbErrors.validation("Target group attribute key '" + key + "' is not recognized");
        if (value == null) throw ElbErrors.validation("Target group attribute '" + key + "' needs a value");
        boolean ok = switch (key) {
            case "deregistration_delay.timeout_seconds" -> intIn(value, 0, 3600);
            case "slow_start.duration_seconds" -> intIn(value, 30, 900) || value.equals("0");
            case "stickiness.lb_cookie.duration_seconds", "stickiness.app_cookie.duration_seconds" -> intIn(value, 1, 604800);
            case "stickiness.enabled", "deregistration_delay.connection_termination.enabled", "preserve_client_ip.enabled", "proxy_protocol_v2.enabled" ->
                    value.equals("true") || value.equals("false");
            case "stickiness.type" -> current.get("stickiness.type").equals("source_ip") ? value.equals("source_ip") : Set.of("lb_cookie", "app_cookie").contains(value);
            case "load_balancing.algorithm.type" -> Set.of("round_robin", "least_outstanding_requests", "weighted_random").contains(value);
            case "load_balancing.algorithm.anomaly_mitigation" -> Set.of("on", "off").contains(value);
            case "load_balancing.cross_zone.enabled" -> Set.of("true", "false", "use_load_balancer_configuration").contains(value);
            default -> true;
        };
        if (!ok) throw ElbErrors.validation("'" + value + "' is not a valid value for target group attribute '" + key + "'");
    }

    private static boolean intIn(String v, int lo, int hi) {
        try {
            int i = Integer.parseInt(v);
            return i >= lo && i <= hi;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
