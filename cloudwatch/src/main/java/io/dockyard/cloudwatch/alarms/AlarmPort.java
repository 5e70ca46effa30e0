package io.dockyard.cloudwatch.alarms;

import io.dockyard.cloudwatch.api.MetricQuery;
import io.dockyard.core.port.metrics.MetricId;
import io.dockyard.core.port.Alarming;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ArrayList;
import java.util.HashMap;

/** The alarms as other services manage and watch them ({@link Alarming}): Application Auto Scaling's target-tracking alarms and alarm actions. */
public final class AlarmPort implements Alarming {
    private final Alarms alarms;
    private final Clock clock;
    private final String arnPrefix;

    public AlarmPort(Alarms alarms, Clock clock, String region, String account) {
        this.alarms = alarms;
        this.clock = clock;
        this.arnPrefix = "arn:aws:cloudwatch:" + region + ":" + account + ":alarm:";
    }

    @Override
    public void put(Definition d) {
        Instant now = clock.instant();
        Alarm old = alarms.get(d.name());
        MetricId metric = d.metric() == null ? null : id(d.metric());
        List<MetricQuery> queries = d.metrics().stream()
                .map(q -> new MetricQuery(q.id(), q.metric() == null ? null : id(q.metric()), q.period(), q.metric() == null ? null : q.metric().stat(),
                        q.metric() == null ? null : q.metric().unit(), q.expression(), q.label(), q.returnData()))
                .toList();
        String returnId = queries.stream().filter(MetricQuery::returnData).map(MetricQuery::id).findFirst().orElse(null);
        Alarm a = new Alarm(d.name(), arnPrefix + d.name(), d.description(), true, List.of(), d.alarmActions(), List.of(), metric,
                d.metric() == null ? null : d.metric().stat(), null, d.metric() == null ? 0 : d.period(), d.metric() == null ? null : d.metric().unit(),
                queries, queries.isEmpty() ? null : returnId, d.evaluationPeriods(), d.datapointsToAlarm(), d.threshold(), d.comparison(),
                d.treatMissingData(), null, now, old == null ? Alarm.INSUFFICIENT : old.state(),
                old == null ? "Unchecked: Initial alarm creation" : old.stateReason(), old == null ? null : old.stateReasonData(),
                old == null ? now : old.stateUpdated(), old == null ? now : old.stateTransitioned(), old == null ? Map.of() : old.tags());
        alarms.put(a, old == null);
    }

    private static MetricId id(MetricStat m) { return new MetricId(m.namespace(), m.metricName(), m.dimensions()); }

    @Override
    public void delete(Collection<String> names) {
        List<String> present = names.stream().filter(n -> alarms.get(n) != null).toList();
        if (!present.isEmpty()) alarms.delete(present);
    }

    @Override
    public Optional<Seen> alarm(String name) { return Optional.ofNullable(alarms.get(name)).map(this::seen); }

    @Override
    public Map<String, List<Seen>> byAlarmAction() {
        Map<String, List<Seen>> out = new HashMap<>();
        for (Alarm a : alarms.all()) {
            if (a.alarmActions().isEmpty()) continue;
            Seen s = seen(a);
            for (String action : a.alarmActions()) out.computeIfAbsent(action, k -> new ArrayList<>()).add(s);
        }
        return out;
    }

    private Seen seen(Alarm a) {
        return new Seen(a.name(), a.arn(), a.state(), a.actionsEnabled(), a.alarmActions(), a.threshold() == null ? Double.NaN : a.threshold(),
                a.comparison(), a.stateUpdated(), alarms.recent(a.name()));
    }
}
