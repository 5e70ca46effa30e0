package io.dockyard.autoscaling.scaling;

import io.dockyard.autoscaling.model.ScalingPolicy;

import java.util.List;

/** The arithmetic of scaling, pure: target tracking's proportional capacity, step adjustments, and the min/max rules. */
public final class Decisions {
    private Decisions() {}

    /**
     * Target tracking: the capacity that brings {@code value} (measured on {@code capacity} tasks) to {@code target},
     * rounded up so the metric ends at or below it. A service at zero with load gets one task.
     */
    public static int tracking(int capacity, double value, double target) {
        if (capacity <= 0) return value > 0 ? 1 : 0;
        double exact = capacity * value / target;
        return (int) Math.min(Integer.MAX_VALUE, Math.ceil(exact - 1e-9));
    }

    /** The step that holds {@code breach} (metric minus threshold), or null when none does. */
    public static ScalingPolicy.Adjustment step(List<ScalingPolicy.Adjustment> steps, double breach) {
        for (ScalingPolicy.Adjustment a : steps) if (a.contains(breach)) return a;
        return null;
    }

    /** The capacity a step adjustment asks for, by the policy's adjustment type. */
    public static int adjust(int current, ScalingPolicy.Step policy, int adjustment) {
        return switch (policy.adjustmentType()) {
            case "ExactCapacity" -> adjustment;
            case "PercentChangeInCapacity" -> {
                // toward zero, as AWS rounds a fraction; at least MinAdjustmentMagnitude when one is set
                int change = (int) (current * adjustment / 100.0);
                Integer magnitude = policy.minAdjustmentMagnitude();
                if (magnitude != null && Math.abs(change) < magnitude && adjustment != 0) change = adjustment > 0 ? magnitude : -magnitude;
                yield current + change;
            }
            default -> current + adjustment;
        };
    }

    /** An aggregation of the datapoints an alarm read (MetricAggregationType; Average by default). */
    public static double aggregate(List<Double> values, String aggregation) {
        if (values.isEmpty()) return Double.NaN;
        return switch (aggregation == null ? "Average" : aggregation) {
            case "Minimum" -> values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            case "Maximum" -> values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
            default -> values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        };
    }

    /**
     * The capacity to set, within bounds, as ECS documents it: a scale-out from below the minimum goes at least to the
     * minimum, a scale-in below the minimum does nothing; a scale-in from above the maximum goes at most to the
     * maximum, a scale-out above it does nothing.
     */
    public static int bounded(int current, int wanted, int min, int max) {
        if (wanted > current) {
            if (current >= max) return current;
            return Math.max(min, Math.min(wanted, max));
        }
        if (wanted < current) {
            if (current <= min) return current;
            return Math.min(max, Math.max(wanted, min));
        }
        return current;
    }
}
