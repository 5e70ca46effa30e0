package io.dockyard.loadbalancer.dataplane;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A listener's rules compiled for the data plane: conditions as predicates over the request, in
 * priority order, the default action last. Conditions of a rule all must match; values within one
 * condition are alternatives.
 */
final class RouteTable {
    /** What to do with a request: a compiled action of a rule. */
    record Action(String type, List<WeightedGroup> groups, boolean sticky, int stickySeconds, Map<String, Object> config) {}

    /** A target group of a forward action with its weight. */
    record WeightedGroup(String arn, int weight) {}

    private record Entry(Predicate<RequestFacts> when, Action action) {}

    private final List<Entry> entries;
    private final Action fallback;

    static final RouteTable EMPTY = new RouteTable(List.of(), null);

    private RouteTable(List<Entry> entries, Action fallback) {
        this.entries = entries;
        this.fallback = fallback;
    }

    /** Compiles rules (already in priority order; each a pair of conditions and actions) and the default actions. */
    static RouteTable compile(List<Map.Entry<List<Map<String, Object>>, List<Map<String, Object>>>> rules, List<Map<String, Object>> defaultActions) {
        List<Entry> entries = new ArrayList<>();
        for (var r : rules) entries.add(new Entry(conditions(r.getKey()), action(r.getValue())));
        return new RouteTable(List.copyOf(entries), action(defaultActions));
    }

    /** The action for the request: the first matching rule's, else the default. Null when the listener has none. */
    Action route(RequestFacts request) {
        for (Entry e : entries) if (e.when().test(request)) return e.action();
        return fallback;
    }

    @SuppressWarnings("unchecked")
    static Action action(List<Map<String, Object>> actions) {
        if (actions == null || actions.isEmpty()) return null;
        Map<String, Object> a = actions.get(actions.size() - 1);
        String type = (String) a.get("Type");
        List<WeightedGroup> groups = new ArrayList<>();
        boolean sticky = false;
        int seconds = 3600;
        if (a.get("ForwardConfig") instanceof Map<?, ?> fc) {
            for (Object t : (List<Object>) fc.get("TargetGroups")) {
                Map<String, Object> tuple = (Map<String, Object>) t;
                groups.add(new WeightedGroup((String) tuple.get("TargetGroupArn"), ((Number) tuple.get("Weight")).intValue()));
            }
            if (fc.get("TargetGroupStickinessConfig") instanceof Map<?, ?> s) {
                sticky = Boolean.TRUE.equals(s.get("Enabled"));
                if (s.get("DurationSeconds") instanceof Number n) seconds = n.intValue();
            }
        }
        Map<String, Object> config = type.equals("fixed-response") ? (Map<String, Object>) a.get("FixedResponseConfig")
                : type.equals("redirect") ? (Map<String, Object>) a.get("RedirectConfig") : Map.of();
        return new Action(type, List.copyOf(groups), sticky, seconds, config);
    }

    @SuppressWarnings("unchecked")
    private static Predicate<RequestFacts> conditions(List<Map<String, Object>> conditions) {
        Predicate<RequestFacts> all = r -> true;
        for (Map<String, Object> c : conditions) {
            String field = (String) c.get("Field");
            Predicate<RequestFacts> p = switch (field) {
                case "path-pattern" -> anyOf(values(c, "PathPatternConfig"), false, RequestFacts::path);
                case "host-header" -> anyOf(values(c, "HostHeaderConfig"), true, r -> r.host() == null ? "" : r.host());
                case "http-request-method" -> {
                    List<String> methods = values(c, "HttpRequestMethodConfig");
                    yield r -> methods.contains(r.method());
                }
                case "http-header" -> {
                    Map<String, Object> cfg = (Map<String, Object>) c.get("HttpHeaderConfig");
                    String name = (String) cfg.get("HttpHeaderName");
                    List<Pattern> ps = ((List<String>) cfg.get("Values")).stream().map(v -> Matchers.wildcard(v, true)).toList();
                    yield r -> r.headers(name).stream().anyMatch(h -> ps.stream().anyMatch(p2 -> p2.matcher(h).matches()));
                }
                case "query-string" -> queryString((List<Map<String, Object>>) ((Map<String, Object>) c.get("QueryStringConfig")).get("Values"));
                case "source-ip" -> {
                    List<Matchers.Cidr> blocks = values(c, "SourceIpConfig").stream().map(Matchers.Cidr::parse).toList();
                    yield r -> r.remoteAddress() != null && blocks.stream().anyMatch(b -> b.contains(r.remoteAddress()));
                }
                default -> r -> false;
            };
            all = all.and(p);
        }
        return all;
    }

    @SuppressWarnings("unchecked")
    private static List<String> values(Map<String, Object> c, String config) {
        return (List<String>) ((Map<String, Object>) c.get(config)).get("Values");
    }

    private static Predicate<RequestFacts> anyOf(List<String> patterns, boolean ignoreCase, java.util.function.Function<RequestFacts, String> what) {
        List<Pattern> ps = patterns.stream().map(v -> Matchers.wildcard(v, ignoreCase)).toList();
        return r -> {
            String s = what.apply(r);
            if (s == null) return false;
            for (Pattern p : ps) if (p.matcher(s).matches()) return true;
            return false;
        };
    }

    private static Predicate<RequestFacts> queryString(List<Map<String, Object>> pairs) {
        record Pair(Pattern key, Pattern value) {}
        List<Pair> ps = pairs.stream().map(p -> new Pair(p.get("Key") == null ? null : Matchers.wildcard((String) p.get("Key"), true),
                Matchers.wildcard((String) p.get("Value"), true))).toList();
        return r -> {
            List<Map.Entry<String, String>> params = r.queryParams();
            for (Pair p : ps) {
                for (Map.Entry<String, String> e : params) {
                    if ((p.key() == null || p.key().matcher(e.getKey()).matches()) && p.value().matcher(e.getValue()).matches()) return true;
                }
            }
            return false;
        };
    }
}
