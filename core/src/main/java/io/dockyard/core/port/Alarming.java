package io.dockyard.core.port;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CloudWatch alarms as another service manages and watches them: Application Auto Scaling creates the
 * alarms of its target-tracking policies, and acts on the alarms whose actions name its policies.
 * {@link #NONE} has no alarms (a module run without CloudWatch, unit tests).
 */
public interface Alarming {
    /** A metric and the statistic read of it. */
    record MetricStat(String namespace, String metricName, Map<String, String> dimensions, String stat, String unit) {
        public MetricStat {
            dimensions = Map.copyOf(dimensions == null ? Map.of() : dimensions);
        }
    }

    /** One metric-math entry: a metric statistic or an expression over the others. */
    record Query(String id, MetricStat metric, int period, String expression, String label, boolean returnData) {}

    /**
     * An alarm to create or replace: one metric ({@code metric} and {@code period}) or metric math ({@code metrics},
     * exactly one returning data), the rule, and the actions run in ALARM.
     */
    record Definition(String name, String description, List<String> alarmActions, MetricStat metric, int period, List<Query> metrics,
                      int evaluationPeriods, int datapointsToAlarm, double threshold, String comparison, String treatMissingData) {
        public Definition {
            alarmActions = List.copyOf(alarmActions);
            metrics = metrics == null ? List.of() : List.copyOf(metrics);
        }
    }

    /**
     * An alarm as last evaluated: its state, rule and the datapoints the evaluation read (newest first; only the
     * periods that had data).
     */
    record Seen(String name, String arn, String state, boolean actionsEnabled, List<String> alarmActions, double threshold, String comparison,
                Instant stateUpdated, List<Double> recent) {}

    void put(Definition alarm);

    void delete(Collection<String> names);

    Optional<Seen> alarm(String name);

    /** Every alarm with ALARM actions, by each of its actions (one pass over the alarms). */
    Map<String, List<Seen>> byAlarmAction();

    Alarming NONE = new Alarming() {
        @Override public void put(Definition alarm) {}
        @Override public void delete(Collection<String> names) {}
        @Override public Optional<Seen> alarm(String name) { return Optional.empty(); }
        @Override public Map<String, List<Seen>> byAlarmAction() { return Map.of(); }
    };
}
