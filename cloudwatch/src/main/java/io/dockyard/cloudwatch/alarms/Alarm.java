package io.dockyard.cloudwatch.alarms;

import io.dockyard.cloudwatch.api.MetricQuery;
import io.dockyard.core.port.metrics.MetricId;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A metric alarm: what it watches (one metric's statistic, or metric math with {@code returnId}), the
 * rule (threshold, comparison, M of N periods, missing data), its actions, and its state.
 */
public record Alarm(String name, String arn, String description, boolean actionsEnabled, List<String> okActions, List<String> alarmActions,
                    List<String> insufficientDataActions, MetricId metric, String statistic, String extendedStatistic, int period,
                    String unit, List<MetricQuery> metrics, String returnId, int evaluationPeriods, int datapointsToAlarm,
                    Double threshold, String comparison, String treatMissingData, String evaluateLowSampleCountPercentile,
                    Instant configurationUpdated, String state, String stateReason, String stateReasonData, Instant stateUpdated,
                    Instant stateTransitioned, Map<String, String> tags) {

    public static final String OK = "OK", ALARM = "ALARM", INSUFFICIENT = "INSUFFICIENT_DATA";

    public Alarm withState(String newState, String reason, String reasonData, Instant at) {
        return new Alarm(name, arn, description, actionsEnabled, okActions, alarmActions, insufficientDataActions, metric, statistic, extendedStatistic,
                period, unit, metrics, returnId, evaluationPeriods, datapointsToAlarm, threshold, comparison, treatMissingData,
                evaluateLowSampleCountPercentile, configurationUpdated, newState, reason, reasonData, at,
                newState.equals(state) ? stateTransitioned : at, tags);
    }

    public Alarm withActionsEnabled(boolean enabled) {
        return new Alarm(name, arn, description, enabled, okActions, alarmActions, insufficientDataActions, metric, statistic, extendedStatistic,
                period, unit, metrics, returnId, evaluationPeriods, datapointsToAlarm, threshold, comparison, treatMissingData,
                evaluateLowSampleCountPercentile, configurationUpdated, state, stateReason, stateReasonData, stateUpdated, stateTransitioned, tags);
    }

    public Alarm withTags(Map<String, String> t) {
        return new Alarm(name, arn, description, actionsEnabled, okActions, alarmActions, insufficientDataActions, metric, statistic, extendedStatistic,
                period, unit, metrics, returnId, evaluationPeriods, datapointsToAlarm, threshold, comparison, treatMissingData,
                evaluateLowSampleCountPercentile, configurationUpdated, state, stateReason, stateReasonData, stateUpdated, stateTransitioned, Map.copyOf(t));
    }

    /** Whether {@code v} is on the wrong side of the threshold. */
    public boolean breaches(double v, double limit) {
        return switch (comparison) {
            case "GreaterThanOrEqualToThreshold" -> v >= limit;
            case "GreaterThanThreshold" -> v > limit;
            case "LessThanThreshold" -> v < limit;
            case "LessThanOrEqualToThreshold" -> v <= limit;
            default -> false;
        };
    }

    /** The statistic the alarm reads of each period. */
    public String stat() { return statistic != null ? statistic : extendedStatistic; }

    /** The comparison as CloudWatch words it in a state reason. */
    public String comparisonWords() {
        return switch (comparison) {
            case "GreaterThanOrEqualToThreshold" -> "greater than or equal to";
            case "GreaterThanThreshold" -> "greater than";
            case "LessThanThreshold" -> "less than";
            default -> "less than or equal to";
        };
    }
}
