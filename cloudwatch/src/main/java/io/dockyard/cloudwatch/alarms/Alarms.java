package io.dockyard.cloudwatch.alarms;

import io.dockyard.core.port.metrics.AlarmHistoryItem;
import io.dockyard.core.port.metrics.AlarmStore;

import io.dockyard.cloudwatch.api.MetricQuery;
import io.dockyard.core.port.metrics.MetricStore;
import io.dockyard.core.port.metrics.Stats;
import io.dockyard.protocol.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;

/**
 * The metric alarms, kept in an {@link AlarmStore} (files under {@code <data-dir>/alarms}, or PostgreSQL,
 * shared by every replica of a fleet) as JSON documents with their history (30 days); evaluated on schedule as
 * CloudWatch does (the last {@code EvaluationPeriods} complete periods, M of N breaching, missing data
 * as {@code TreatMissingData} says); each state change is recorded and told to the listeners (ECS
 * deployment alarms; auto scaling and EventBridge later).
 */
public final class Alarms implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Alarms.class);
    private static final DateTimeFormatter REASON_TIME = DateTimeFormatter.ofPattern("dd/MM/yy HH:mm:ss").withZone(ZoneOffset.UTC);

    /** A state change, as listeners hear it. */
    public interface Listener {
        void changed(Alarm alarm, String oldState);
    }

    private final AlarmStore store;
    private final Clock clock;
    private final MetricStore metrics;
    /** Each alarm as last decoded, with the document it was decoded from (decoded again only when that changes). */
    private record Decoded(String document, Alarm alarm) {}
    private final Map<String, Decoded> decoded = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    /** Per alarm, the datapoints its last evaluation read, newest first (not kept across restarts: the next evaluation refills it). */
    private final Map<String, List<Double>> recent = new java.util.concurrent.ConcurrentHashMap<>();
    /** When each alarm was last evaluated, and the end of the newest period it read then. */
    private record Evaluated(long end, Instant at) {}
    private final Map<String, Evaluated> evaluated = new java.util.concurrent.ConcurrentHashMap<>();

    /** The alarms in files under {@code dir}. */
    public Alarms(Path dir, Clock clock, MetricStore metrics) { this(new FileAlarmStore(dir, clock), clock, metrics); }

    public Alarms(AlarmStore store, Clock clock, MetricStore metrics) {
        this.store = store;
        this.clock = clock;
        this.metrics = metrics;
    }

    public void listen(Listener l) { listeners.add(l); }

    public Alarm get(String name) { return decode(name, store.get(name)); }

    /** Every alarm, in name order. */
    public Collection<Alarm> all() {
        List<Alarm> out = new ArrayList<>();
        store.all().forEach((name, document) -> out.add(decode(name, document)));
        decoded.keySet().retainAll(out.stream().map(Alarm::name).toList());
        return out;
    }

    private Alarm decode(String name, String document) {
        if (document == null) return null;
        Decoded d = decoded.get(name);
        if (d != null && d.document().equals(document)) return d.alarm();
        try {
            Alarm a = Json.RECORDS.readValue(document, Alarm.class);
            decoded.put(name, new Decoded(document, a));
            return a;
        } catch (IOException e) {
            throw new UncheckedIOException("alarm " + name + " is unreadable", e);
        }
    }

    private static String encode(Alarm a) {
        try {
            return Json.RECORDS.writeValueAsString(a);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The state of the named alarm, or null when there is none. */
    public String state(String name) {
        Alarm a = get(name);
        return a == null ? null : a.state();
    }

    public void put(Alarm a, boolean created) {
        store.put(a.name(), encode(a));
        store.record(new AlarmHistoryItem(a.name(), a.configurationUpdated(), "ConfigurationUpdate",
                "Alarm \"" + a.name() + "\" " + (created ? "created" : "updated"), "{\"type\":\"" + (created ? "Create" : "Update") + "\"}"));
    }

    /** Applies {@code change} to each named alarm; false (and nothing changed) when one does not exist. */
    public boolean update(List<String> names, BiFunction<Alarm, Instant, Alarm> change) {
        Instant now = clock.instant();
        return store.update(names, (name, document) -> encode(change.apply(decode(name, document), now)));
    }

    /** The datapoints the alarm's last evaluation read, newest first; empty before its first evaluation. */
    public List<Double> recent(String name) { return recent.getOrDefault(name, List.of()); }

    public boolean delete(List<String> names) {
        if (!store.delete(names)) return false;
        for (String n : names) {
            decoded.remove(n);
            recent.remove(n);
            evaluated.remove(n);
        }
        return true;
    }

    /** Sets the state by hand (SetAlarmState): the next evaluation may change it again. */
    public void setState(String name, String state, String reason, String reasonData) {
        transition(name, state, reason, reasonData);
    }

    public List<AlarmHistoryItem> history() { return store.history(); }

    public void clear() {
        store.clear();
        decoded.clear();
        recent.clear();
        evaluated.clear();
    }

    // ---- evaluation ----

    /** One evaluation round over every alarm. */
    public void evaluate() { evaluate(Duration.ZERO); }

    /**
     * One round over the alarms that are due: those whose newest period has just completed (so an alarm acts as soon
     * as its data can tell) and those not evaluated for {@code every}.
     */
    public void evaluate(Duration every) {
        Instant now = clock.instant();
        for (Alarm a : all()) {
            try {
                long end = Math.floorDiv(now.getEpochSecond(), period(a)) * period(a);
                Evaluated last = evaluated.get(a.name());
                if (last != null && last.end() == end && now.isBefore(last.at().plus(every))) continue;
                evaluated.put(a.name(), new Evaluated(end, now));
                evaluate(a, now);
            } catch (RuntimeException e) {
                log.debug("alarm {} not evaluated: {}", a.name(), e.toString());
            }
        }
    }

    /** The period an alarm evaluates: its metric's, or its returned query's (else the shortest of its queries'). */
    private static int period(Alarm a) {
        return a.metrics().isEmpty() ? a.period() : a.metrics().stream().filter(q -> q.id().equals(a.returnId())).findFirst()
                .map(q -> q.period() > 0 ? q.period() : a.metrics().stream().mapToInt(MetricQuery::period).filter(p -> p > 0).min().orElse(60))
                .orElse(60);
    }

    private void evaluate(Alarm a, Instant now) {
        int period = period(a);
        long end = Math.floorDiv(now.getEpochSecond(), period) * period;
        long start = end - (long) period * a.evaluationPeriods();
        NavigableMap<Long, Double> values = new TreeMap<>();
        if (a.metrics().isEmpty()) {
            for (Map.Entry<Instant, Stats> e : metrics.query(a.metric(), Instant.ofEpochSecond(start), Instant.ofEpochSecond(end), period).entrySet()) {
                double v = e.getValue().statistic(a.stat());
                if (!Double.isNaN(v)) values.put(e.getKey().getEpochSecond(), v);
            }
        } else {
            values.putAll(MetricQuery.series(a.metrics(), metrics, Instant.ofEpochSecond(start), Instant.ofEpochSecond(end), a.returnId()));
        }
        recent.put(a.name(), List.copyOf(values.descendingMap().values()));
        int breaching = 0, present = 0;
        List<String> shown = new ArrayList<>();
        for (long t = end - period; t >= start; t -= period) {
            Double v = values.get(t);
            if (v == null) {
                switch (a.treatMissingData()) {
                    case "breaching" -> { breaching++; present++; }
                    case "notBreaching" -> present++;
                    default -> { }
                }
                continue;
            }
            present++;
            if (a.breaches(v, a.threshold())) {
                breaching++;
                if (shown.size() < 5) shown.add(format(v) + " (" + REASON_TIME.format(Instant.ofEpochSecond(t)) + ")");
            }
        }
        String next;
        String reason;
        if (breaching >= a.datapointsToAlarm()) {
            next = Alarm.ALARM;
            reason = "Threshold Crossed: " + breaching + " out of the last " + a.evaluationPeriods() + " datapoints " + (shown.isEmpty() ? "" : shown + " ")
                    + "were " + a.comparisonWords() + " the threshold (" + format(a.threshold()) + ") (minimum " + a.datapointsToAlarm()
                    + " datapoint" + (a.datapointsToAlarm() == 1 ? "" : "s") + " for OK -> ALARM transition).";
        } else if (present == 0) {
            if ("ignore".equals(a.treatMissingData())) return;
            next = Alarm.INSUFFICIENT;
            reason = "Insufficient Data: " + a.evaluationPeriods() + " datapoint" + (a.evaluationPeriods() == 1 ? " was" : "s were") + " unknown.";
        } else {
            next = Alarm.OK;
            reason = "Threshold Crossed: " + (present - breaching) + " out of the last " + a.evaluationPeriods() + " datapoints were not "
                    + a.comparisonWords() + " the threshold (" + format(a.threshold()) + ") (minimum 1 datapoint for ALARM -> OK transition).";
        }
        if (next.equals(a.state())) return;
        String data = "{\"version\":\"1.0\",\"queryDate\":\"" + now + "\",\"startDate\":\"" + Instant.ofEpochSecond(start) + "\",\"period\":" + period
                + ",\"recentDatapoints\":" + values.descendingMap().values() + ",\"threshold\":" + format(a.threshold()) + "}";
        transition(a.name(), next, reason, data);
    }

    private void transition(String name, String state, String reason, String reasonData) {
        Alarm[] seen = new Alarm[2];
        boolean present = store.update(List.of(name), (n, document) -> {
            seen[0] = decode(n, document);
            seen[1] = seen[0].withState(state, reason, reasonData, clock.instant());
            return encode(seen[1]);
        });
        if (!present) return;
        Alarm before = seen[0], after = seen[1];
        store.record(new AlarmHistoryItem(name, after.stateUpdated(), "StateUpdate",
                "Alarm updated from " + before.state() + " to " + state, "{\"version\":\"1.0\",\"oldState\":{\"stateValue\":\"" + before.state()
                        + "\"},\"newState\":{\"stateValue\":\"" + state + "\",\"stateReason\":" + Json.write(reason) + "}}"));
        if (!before.state().equals(state)) {
            log.info("alarm state alarm={} from={} to={}", name, before.state(), state);
            for (Listener l : listeners) {
                try {
                    l.changed(after, before.state());
                } catch (RuntimeException e) {
                    log.warn("alarm listener failed: {}", e.toString());
                }
            }
        }
    }

    private static String format(Double v) {
        if (v == null) return "null";
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.format("%.1f", v) : Double.toString(v);
    }

    @Override
    public void close() { store.close(); }

}
