package io.dockyard.scheduler;

import io.dockyard.core.AwsException;
import io.dockyard.scheduler.query.ClusterQuery;
import io.dockyard.scheduler.query.Expression;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ECS placementConstraints and placementStrategy as sent, checked against the ECS rules (at most
 * 10 constraints and 5 strategies, known types and fields, valid expressions) and compiled.
 */
public final class PlacementRules {
    /** The most constraints a task may have (task definition and request together). */
    public static final int MAX_CONSTRAINTS = 10;
    /** The most strategies a task or service may have. */
    public static final int MAX_STRATEGIES = 5;

    /** One placement strategy: type random, spread or binpack, and its field. */
    public record Strategy(String type, String field) {}

    /** Compiled rules: whether tasks of the group need distinct instances, memberOf expressions, strategies in order. */
    public record Compiled(boolean distinctInstance, List<Expression> memberOf, List<Strategy> strategies) {}

    private PlacementRules() {}

    /** Throws InvalidParameterException when ECS would refuse these constraints or strategies. */
    public static void validate(List<Map<String, Object>> constraints, List<Map<String, Object>> strategies) {
        compile(constraints, strategies);
    }

    /** Validates and compiles; an empty strategy list stays empty (the caller picks the default). */
    public static Compiled compile(List<Map<String, Object>> constraints, List<Map<String, Object>> strategies) {
        constraints = constraints == null ? List.of() : constraints;
        strategies = strategies == null ? List.of() : strategies;
        if (constraints.size() > MAX_CONSTRAINTS) {
            throw AwsException.invalidParameter("Too many placement constraints: " + constraints.size() + ". The maximum is " + MAX_CONSTRAINTS + ".");
        }
        if (strategies.size() > MAX_STRATEGIES) {
            throw AwsException.invalidParameter("Too many placement strategies: " + strategies.size() + ". The maximum is " + MAX_STRATEGIES + ".");
        }
        boolean distinct = false;
        List<Expression> memberOf = new ArrayList<>();
        for (Map<String, Object> c : constraints) {
            String type = text(c, "type");
            String expression = text(c, "expression");
            switch (type == null ? "" : type) {
                case "distinctInstance" -> {
                    if (expression != null) throw AwsException.invalidParameter("An expression cannot be specified for a distinctInstance placement constraint.");
                    distinct = true;
                }
                case "memberOf" -> {
                    if (expression == null || expression.isBlank()) throw AwsException.invalidParameter("A memberOf placement constraint requires an expression.");
                    memberOf.add(ClusterQuery.parse(expression));
                }
                default -> throw AwsException.invalidParameter("Invalid placement constraint type '" + type + "'. Valid types are distinctInstance and memberOf.");
            }
        }
        List<Strategy> compiled = new ArrayList<>();
        for (Map<String, Object> s : strategies) compiled.add(strategy(text(s, "type"), text(s, "field")));
        return new Compiled(distinct, List.copyOf(memberOf), List.copyOf(compiled));
    }

    private static Strategy strategy(String type, String field) {
        switch (type == null ? "" : type) {
            case "random" -> { return new Strategy("random", null); }
            case "binpack" -> {
                if (!"cpu".equalsIgnoreCase(field) && !"memory".equalsIgnoreCase(field)) {
                    throw AwsException.invalidParameter("Invalid field '" + field + "' for the binpack placement strategy. Valid fields are cpu and memory.");
                }
                return new Strategy("binpack", field.toLowerCase(java.util.Locale.ROOT));
            }
            case "spread" -> {
                if ("instanceId".equalsIgnoreCase(field) || "host".equalsIgnoreCase(field)) return new Strategy("spread", "instanceId");
                if (field != null && field.startsWith("attribute:") && field.length() > "attribute:".length()) return new Strategy("spread", field);
                throw AwsException.invalidParameter("Invalid field '" + field + "' for the spread placement strategy. Valid fields are instanceId, host and attribute:<name>.");
            }
            default -> throw AwsException.invalidParameter("Invalid placement strategy type '" + type + "'. Valid types are random, spread and binpack.");
        }
    }

    private static String text(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        return v == null ? null : v.toString();
    }
}
