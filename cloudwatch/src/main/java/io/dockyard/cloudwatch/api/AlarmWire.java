package io.dockyard.cloudwatch.api;

import io.dockyard.cloudwatch.alarms.Alarm;
import io.dockyard.core.port.metrics.AlarmHistoryItem;
import io.dockyard.protocol.Out;

import java.util.ArrayList;
import java.util.List;

/** Alarms and their history in CloudWatch's output shapes (MetricAlarm, AlarmHistoryItem). */
final class AlarmWire {
    private AlarmWire() {}

    static Out alarm(Alarm a) {
        Out o = Out.obj().with("AlarmName", a.name()).with("AlarmArn", a.arn()).with("AlarmDescription", a.description())
                .with("AlarmConfigurationUpdatedTimestamp", a.configurationUpdated()).with("ActionsEnabled", a.actionsEnabled())
                .with("OKActions", a.okActions()).with("AlarmActions", a.alarmActions()).with("InsufficientDataActions", a.insufficientDataActions())
                .with("StateValue", a.state()).with("StateReason", a.stateReason()).with("StateReasonData", a.stateReasonData())
                .with("StateUpdatedTimestamp", a.stateUpdated());
        if (a.metric() != null) {
            Out m = Metrics.wire(a.metric());
            o.with("MetricName", m.get("MetricName")).with("Namespace", m.get("Namespace")).with("Statistic", a.statistic())
                    .with("ExtendedStatistic", a.extendedStatistic()).with("Dimensions", m.get("Dimensions")).with("Period", a.period())
                    .with("Unit", a.unit());
        }
        o.with("EvaluationPeriods", a.evaluationPeriods()).with("DatapointsToAlarm", a.datapointsToAlarm()).with("Threshold", a.threshold())
                .with("ComparisonOperator", a.comparison()).with("TreatMissingData", a.treatMissingData())
                .with("EvaluateLowSampleCountPercentile", a.evaluateLowSampleCountPercentile());
        if (!a.metrics().isEmpty()) {
            List<Object> qs = new ArrayList<>();
            for (MetricQuery q : a.metrics()) {
                Out w = Out.obj().with("Id", q.id());
                if (q.metric() != null) {
                    w.with("MetricStat", Out.obj().with("Metric", Metrics.wire(q.metric())).with("Period", q.period()).with("Stat", q.stat()).with("Unit", q.unit()));
                } else {
                    w.with("Expression", q.expression());
                    if (q.period() > 0) w.with("Period", q.period());
                }
                qs.add(w.with("Label", q.label()).with("ReturnData", q.returnData()));
            }
            o.with("Metrics", qs);
        }
        return o.with("StateTransitionedTimestamp", a.stateTransitioned());
    }

    static Out history(AlarmHistoryItem h) {
        return Out.obj().with("AlarmName", h.alarmName()).with("AlarmType", "MetricAlarm").with("Timestamp", h.timestamp())
                .with("HistoryItemType", h.type()).with("HistorySummary", h.summary()).with("HistoryData", h.data());
    }
}
