package io.dockyard.launch;

import io.dockyard.core.AwsException;
import io.dockyard.core.Doc;
import io.dockyard.core.model.Cluster;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Capacity provider strategies as ECS applies them: the built-in providers FARGATE and FARGATE_SPOT,
 * the checks of a strategy against its cluster, and how a count of tasks is split — each provider's
 * {@code base} first, the rest in proportion to the weights, counting the tasks already running.
 */
public final class CapacityProviders {
    public static final String FARGATE = "FARGATE", FARGATE_SPOT = "FARGATE_SPOT";
    public static final Set<String> BUILT_IN = Set.of(FARGATE, FARGATE_SPOT);

    private CapacityProviders() {}

    /** One item of a strategy. */
    public record Item(String provider, int base, int weight) {}

    /** Reads and checks a strategy (InvalidParameterException as ECS answers); empty when none is given. */
    public static List<Item> parse(List<Map<String, Object>> strategy) {
        if (strategy == null || strategy.isEmpty()) return List.of();
        if (strategy.size() > 20) throw AwsException.invalidParameter("The capacity provider strategy can have at most 20 items.");
        Set<String> seen = new HashSet<>();
        int withBase = 0;
        List<Item> items = new java.util.ArrayList<>();
        for (Map<String, Object> m : strategy) {
            String p = Doc.str(m, "capacityProvider");
            if (p == null || p.isBlank()) throw AwsException.invalidParameter("capacityProvider can not be blank.");
            if (!seen.add(p)) throw AwsException.invalidParameter("The capacity provider strategy cannot contain duplicate capacity providers.");
            Integer base = Doc.integer(m, "base"), weight = Doc.integer(m, "weight");
            if (base != null && (base < 0 || base > 100_000)) throw AwsException.invalidParameter("The base value must be between 0 and 100000.");
            if (weight != null && (weight < 0 || weight > 1000)) throw AwsException.invalidParameter("The weight value must be between 0 and 1000.");
            if (base != null && base > 0) withBase++;
            items.add(new Item(p, base == null ? 0 : base, weight == null ? 0 : weight));
        }
        if (withBase > 1) throw AwsException.invalidParameter("Only one capacity provider in a capacity provider strategy can have a base specified.");
        if (items.size() > 1 && items.stream().allMatch(i -> i.weight() == 0)) {
            throw AwsException.invalidParameter("At least one capacity provider in the capacity provider strategy must have a weight greater than zero.");
        }
        boolean fargate = items.stream().anyMatch(i -> BUILT_IN.contains(i.provider()));
        if (fargate && items.stream().anyMatch(i -> !BUILT_IN.contains(i.provider()))) {
            throw AwsException.invalidParameter("The specified capacity provider strategy cannot contain a mix of capacity providers using Auto Scaling groups and "
                    + "Fargate providers. Specify one or the other and try again.");
        }
        return List.copyOf(items);
    }

    /** Checks that every provider of the strategy is associated with the cluster. */
    public static void onCluster(List<Item> strategy, Cluster cluster) {
        List<String> associated = cluster.capacityProviders() == null ? List.of() : cluster.capacityProviders();
        for (Item i : strategy) {
            if (!associated.contains(i.provider())) {
                throw AwsException.invalidParameter("The specified capacity provider strategy cannot contain a capacity provider that is not associated with "
                        + "the cluster. Associate the capacity provider with the cluster or specify a valid capacity provider and try again.");
            }
        }
    }

    /** The provider of the next task, given how many tasks each provider runs already. */
    public static String next(List<Item> strategy, Map<String, Integer> running) {
        for (Item i : strategy) if (i.base() > 0 && running.getOrDefault(i.provider(), 0) < i.base()) return i.provider();
        Item best = null;
        double bestShare = Double.MAX_VALUE;
        for (Item i : strategy) {
            if (i.weight() == 0) continue;
            double share = (running.getOrDefault(i.provider(), 0) - Math.min(i.base(), running.getOrDefault(i.provider(), 0)) + 1.0) / i.weight();
            if (share < bestShare) {
                best = i;
                bestShare = share;
            }
        }
        return best != null ? best.provider() : strategy.getFirst().provider();
    }

    /** How {@code count} new tasks split over the providers (in strategy order, zero counts left out). */
    public static Map<String, Integer> split(List<Item> strategy, Map<String, Integer> running, int count) {
        Map<String, Integer> now = new LinkedHashMap<>(running);
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Item i : strategy) out.put(i.provider(), 0);
        for (int n = 0; n < count; n++) {
            String p = next(strategy, now);
            now.merge(p, 1, Integer::sum);
            out.merge(p, 1, Integer::sum);
        }
        out.values().removeIf(v -> v == 0);
        return out;
    }
}
