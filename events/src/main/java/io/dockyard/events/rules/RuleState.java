package io.dockyard.events.rules;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dockyard.events.pattern.EventPattern;
import io.dockyard.protocol.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The buses and their rules, kept in {@code state.json} (written to a temporary file and renamed over it after every
 * change, so a crash leaves the old or the new state), with each rule's pattern compiled once. Rules are indexed by the
 * exact {@code source} values their pattern demands, so an event is matched against the rules of its source and those
 * that name none.
 */
public final class RuleState {
    /** What is kept. */
    record Saved(List<Bus> buses, List<Rule> rules) {}

    private final Path file;
    private final Map<String, Bus> buses = new TreeMap<>();
    /** By bus, then by rule name. */
    private final Map<String, Map<String, Rule>> rules = new TreeMap<>();

    /** A rule with its compiled pattern (null for schedule-only rules). */
    public record Compiled(Rule rule, EventPattern pattern) {}

    /** The rules to try for an event of a bus: by source, and those without a source constraint. */
    private volatile Map<String, Map<String, List<Compiled>>> bySource = Map.of();
    private volatile Map<String, List<Compiled>> anySource = Map.of();

    public RuleState(Path dir, Bus defaultBus) {
        this.file = dir.resolve("state.json");
        try {
            Files.createDirectories(dir);
            if (Files.exists(file)) {
                Saved s = Json.RECORDS.readValue(file.toFile(), new TypeReference<Saved>() {});
                s.buses().forEach(b -> buses.put(b.name(), b));
                for (Rule r : s.rules()) rules.computeIfAbsent(r.bus(), k -> new TreeMap<>()).put(r.name(), r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buses.putIfAbsent(defaultBus.name(), defaultBus);
        reindex();
    }

    public synchronized Collection<Bus> buses() { return List.copyOf(buses.values()); }

    public synchronized Bus bus(String name) { return buses.get(name); }

    public synchronized void putBus(Bus b) {
        buses.put(b.name(), b);
        save();
    }

    public synchronized void removeBus(String name) {
        buses.remove(name);
        rules.remove(name);
        save();
    }

    public synchronized List<Rule> rules(String bus) {
        Map<String, Rule> m = rules.get(bus);
        return m == null ? List.of() : List.copyOf(m.values());
    }

    public synchronized Rule rule(String bus, String name) {
        Map<String, Rule> m = rules.get(bus);
        return m == null ? null : m.get(name);
    }

    /** Every rule with a schedule, of every bus. */
    public synchronized List<Rule> scheduled() {
        List<Rule> out = new ArrayList<>();
        rules.values().forEach(m -> m.values().forEach(r -> {
            if (r.scheduleExpression() != null) out.add(r);
        }));
        return out;
    }

    public synchronized void putRule(Rule r) {
        rules.computeIfAbsent(r.bus(), k -> new TreeMap<>()).put(r.name(), r);
        save();
    }

    /** Changes a rule in place; false when it is gone. */
    public synchronized boolean update(String bus, String name, UnaryOperator<Rule> change) {
        Rule r = rule(bus, name);
        if (r == null) return false;
        putRule(change.apply(r));
        return true;
    }

    public synchronized void removeRule(String bus, String name) {
        Map<String, Rule> m = rules.get(bus);
        if (m != null && m.remove(name) != null) save();
    }

    /** The enabled pattern rules of {@code bus} an event from {@code source} may match. */
    public List<Compiled> candidates(String bus, String source) {
        List<Compiled> out = new ArrayList<>(anySource.getOrDefault(bus, List.of()));
        Map<String, List<Compiled>> m = bySource.get(bus);
        if (m != null && source != null) out.addAll(m.getOrDefault(source, List.of()));
        return out;
    }

    /** Deletes everything but the default bus (the dev reset). */
    public synchronized void clear(Bus defaultBus) {
        buses.clear();
        rules.clear();
        buses.put(defaultBus.name(), defaultBus);
        save();
    }

    private void save() {
        try {
            List<Rule> all = new ArrayList<>();
            rules.values().forEach(m -> all.addAll(m.values()));
            Path tmp = file.resolveSibling("state.json.tmp");
            Json.RECORDS.writeValue(tmp.toFile(), new Saved(List.copyOf(buses.values()), all));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        reindex();
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
