package io.dockyard.events.rules;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dockyard.core.port.Kind;
import io.dockyard.core.port.Store;
import io.dockyard.events.pattern.EventPattern;
import io.dockyard.protocol.Json;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The buses and their rules, kept as one record ({@link #KIND}) in the control plane's {@link Store} — the embedded
 * database of one server, or the PostgreSQL database every replica of a fleet shares, so a rule made on one replica
 * matches events put on any other. Every change is a compare-and-set on the record's version (re-applied to the newer
 * state when another replica changed it meanwhile); reads pick up other replicas' changes from the store's cache.
 * Each rule's pattern is compiled once per change; rules are indexed by the exact {@code source} values their pattern
 * demands, so an event is matched against the rules of its source and those that name none. A {@code state.json} left by
 * an older version under the data directory is imported once.
 */
public final class RuleState {
    /** What is kept. */
    public record Saved(List<Bus> buses, List<Rule> rules) {}

    public static final Kind<Saved> KIND = SharedRecord.kind("events.rules", Saved.class);

    private final Bus defaultBus;
    private final Map<String, Bus> buses = new TreeMap<>();
    /** By bus, then by rule name. */
    private final Map<String, Map<String, Rule>> rules = new TreeMap<>();
    private final SharedRecord<Saved> record;

    /** A rule with its compiled pattern (null for schedule-only rules). */
    public record Compiled(Rule rule, EventPattern pattern) {}

    /** The rules to try for an event of a bus: by source, and those without a source constraint. */
    private volatile Map<String, Map<String, List<Compiled>>> bySource = Map.of();
    private volatile Map<String, List<Compiled>> anySource = Map.of();

    /** The rules in {@code store}; a {@code state.json} under {@code legacyDir} (null: none) is imported once. */
    public RuleState(Store store, Path legacyDir, Bus defaultBus) {
        this.defaultBus = defaultBus;
        this.record = new SharedRecord<>(store, KIND, this::load, this::snapshot);
        record.importOnce(legacyDir == null ? null : legacyDir.resolve("state.json"), new TypeReference<Saved>() {});
        refresh();
    }

    private void load(Saved saved) {
        buses.clear();
        rules.clear();
        if (saved != null) {
            saved.buses().forEach(b -> buses.put(b.name(), b));
            for (Rule r : saved.rules()) rules.computeIfAbsent(r.bus(), k -> new TreeMap<>()).put(r.name(), r);
        }
        buses.putIfAbsent(defaultBus.name(), defaultBus);
        reindex();
    }

    private Saved snapshot() {
        List<Rule> all = new ArrayList<>();
        rules.values().forEach(m -> all.addAll(m.values()));
        return new Saved(List.copyOf(buses.values()), all);
    }

    /** Picks up the changes other replicas stored. */
    private synchronized void refresh() { record.refresh(); }

    private synchronized <R> R change(Supplier<R> change) {
        R result = record.change(change);
        reindex();
        return result;
    }

    public synchronized Collection<Bus> buses() {
        refresh();
        return List.copyOf(buses.values());
    }

    public synchronized Bus bus(String name) {
        refresh();
        return buses.get(name);
    }

    public void putBus(Bus b) { change(() -> buses.put(b.name(), b)); }

    public void removeBus(String name) {
        change(() -> {
            buses.remove(name);
            return rules.remove(name);
        });
    }

    public synchronized List<Rule> rules(String bus) {
        refresh();
        Map<String, Rule> m = rules.get(bus);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    public synchronized Rule rule(String bus, String name) {
        refresh();
        Map<String, Rule> m = rules.get(bus);
        return m == null ? null : m.get(name);
    }

    /** Every rule with a schedule, of every bus. */
    public synchronized List<Rule> scheduled() {
        refresh();
        List<Rule> out = new ArrayList<>();
        rules.values().forEach(m -> m.values().forEach(r -> {
            if (r.scheduleExpression() != null) out.add(r);
        }));
        return out;
    }

    public void putRule(Rule r) { change(() -> rules.computeIfAbsent(r.bus(), k -> new TreeMap<>()).put(r.name(), r)); }

    /** Changes a rule in place; false when it is gone. */
    public boolean update(String bus, String name, UnaryOperator<Rule> change) {
        return change(() -> {
            Map<String, Rule> m = rules.get(bus);
            Rule r = m == null ? null : m.get(name);
            if (r == null) return false;
            m.put(name, change.apply(r));
            return true;
        });
    }

    /**
     * Records that the rule fired for occurrence {@code due}: true for the one caller (of any replica) that moved its last
     * occurrence to {@code due}, false when another already did (or the rule is gone) — so each occurrence fires once.
     */
    public boolean fire(String bus, String name, Instant due) {
        return change(() -> {
            Map<String, Rule> m = rules.get(bus);
            Rule r = m == null ? null : m.get(name);
            if (r == null || r.lastFired() != null && !r.lastFired().isBefore(due)) return false;
            m.put(name, r.firedAt(due));
            return true;
        });
    }

    public void removeRule(String bus, String name) {
        change(() -> {
            Map<String, Rule> m = rules.get(bus);
            return m == null ? null : m.remove(name);
        });
    }

    /** The enabled pattern rules of {@code bus} an event from {@code source} may match. */
    public List<Compiled> candidates(String bus, String source) {
        refresh();
        List<Compiled> out = new ArrayList<>(anySource.getOrDefault(bus, List.of()));
        Map<String, List<Compiled>> m = bySource.get(bus);
        if (m != null && source != null) out.addAll(m.getOrDefault(source, List.of()));
        return out;
    }

    /** Deletes everything but the default bus (the dev reset). */
    public void clear(Bus defaultBus) {
        change(() -> {
            buses.clear();
            rules.clear();
            return buses.put(defaultBus.name(), defaultBus);
        });
    }

    private void reindex() {
        Map<String, Map<String, List<Compiled>>> src = new TreeMap<>();
        Map<String, List<Compiled>> any = new TreeMap<>();
        rules.forEach((bus, m) -> m.values().forEach(r -> {
            if (!r.enabled() || r.eventPattern() == null) return;
            EventPattern p = EventPattern.parse(r.eventPattern());
            Compiled c = new Compiled(r, p);
            Set<String> sources = p.exactValues("source");
            if (sources == null) any.computeIfAbsent(bus, k -> new ArrayList<>()).add(c);
            else for (String s : sources) src.computeIfAbsent(bus, k -> new TreeMap<>()).computeIfAbsent(s, k -> new ArrayList<>()).add(c);
        }));
        bySource = src;
        anySource = any;
    }
}
