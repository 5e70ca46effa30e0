package io.dockyard.controller.service;

import io.dockyard.core.Doc;
import io.dockyard.core.model.BlueGreenState;
import io.dockyard.core.model.DeploymentConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How production traffic moves to green during a BLUE_GREEN, LINEAR or CANARY deployment, in
 * permille (tenths of a percent, the precision of {@code stepPercent} and {@code canaryPercent}):
 * the increments in order, how long each is held before the next, and the bake time once all
 * production traffic is on green. BLUE_GREEN moves everything at once; LINEAR by {@code stepPercent}
 * with {@code stepBakeTimeInMinutes} between steps (none after the last); CANARY {@code canaryPercent},
 * then after {@code canaryBakeTimeInMinutes} the rest.
 */
public record TrafficShift(List<Increment> increments, Duration bake) {

    /** All production traffic, in permille. */
    public static final int ALL = BlueGreenState.ALL;

    /** Production traffic on green after this increment ({@code greenPermille}), held {@code hold} before the next. */
    public record Increment(int greenPermille, Duration hold) {}

    /** The service's configuration, with ECS's defaults; a "minute" lasts {@code minute} (shorter in tests). */
    public static TrafficShift of(DeploymentConfig cfg, Duration minute) {
        Duration bake = minute.multipliedBy(cfg.bakeTimeInMinutes());
        Map<String, Object> raw = cfg.raw();
        return switch (cfg.strategy()) {
            case "LINEAR" -> {
                Map<String, Object> c = Doc.map(raw, "linearConfiguration");
                yield linear(permille(Doc.number(c, "stepPercent"), 10.0), minutes(c, "stepBakeTimeInMinutes", 6, minute), bake);
            }
            case "CANARY" -> {
                Map<String, Object> c = Doc.map(raw, "canaryConfiguration");
                yield canary(permille(Doc.number(c, "canaryPercent"), 5.0), minutes(c, "canaryBakeTimeInMinutes", 10, minute), bake);
            }
            default -> allAtOnce(bake);
        };
    }

    /** BLUE_GREEN: everything at once, then the bake time. */
    public static TrafficShift allAtOnce(Duration bake) {
        return new TrafficShift(List.of(new Increment(ALL, Duration.ZERO)), bake);
    }

    /** LINEAR: {@code step} permille at a time (the last step tops up to all), {@code stepBake} between steps. */
    public static TrafficShift linear(int step, Duration stepBake, Duration bake) {
        int size = Math.max(1, step);
        List<Increment> out = new ArrayList<>();
        for (int p = size; p < ALL; p += size) out.add(new Increment(p, stepBake));
        out.add(new Increment(ALL, Duration.ZERO));
        return new TrafficShift(List.copyOf(out), bake);
    }

    /** CANARY: {@code canary} permille, held {@code canaryBake}, then the rest. */
    public static TrafficShift canary(int canary, Duration canaryBake, Duration bake) {
        if (canary >= ALL) return allAtOnce(bake);
        return new TrafficShift(List.of(new Increment(Math.max(1, canary), canaryBake), new Increment(ALL, Duration.ZERO)), bake);
    }

    /** The first increment beyond {@code greenPermille}; null once all production traffic is on green. */
    public Increment next(int greenPermille) {
        return increments.stream().filter(i -> i.greenPermille() > greenPermille).findFirst().orElse(null);
    }

    /** How long {@code greenPermille} is held before the next increment: the hold of the last increment it has reached (none at 0). */
    public Duration holdAt(int greenPermille) {
        Duration hold = Duration.ZERO;
        for (Increment i : increments) if (i.greenPermille() <= greenPermille) hold = i.hold();
        return hold;
    }

    /**
     * A listener rule's forward weights (ALB takes 0–999) for {@code greenPermille} of its traffic on
     * green: blue 100 / green 0 and the reverse at the ends, as a full shift; else weights that add
     * up to 1000, so every 0.1 % is representable.
     */
    public record Weights(int blue, int green) {}

    public static Weights weights(int greenPermille) {
        if (greenPermille <= 0) return new Weights(100, 0);
        if (greenPermille >= ALL) return new Weights(0, 100);
        return new Weights(ALL - greenPermille, greenPermille);
    }

    /** A percentage with one decimal (as ECS takes them) in permille. */
    static int permille(Double percent, double fallback) {
        return (int) Math.round((percent == null ? fallback : percent) * 10);
    }

    private static Duration minutes(Map<String, Object> c, String key, int fallback, Duration minute) {
        Integer m = Doc.integer(c, key);
        return minute.multipliedBy(m == null ? fallback : m);
    }
}
