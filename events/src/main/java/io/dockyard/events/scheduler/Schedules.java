package io.dockyard.events.scheduler;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dockyard.protocol.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/** The schedule groups and schedules, kept in {@code schedules.json} (written to a temporary file and renamed over it). */
public final class Schedules {
    record Saved(List<ScheduleGroup> groups, List<ScheduleSpec> schedules) {}

    private final Path file;
    private final Map<String, ScheduleGroup> groups = new TreeMap<>();
    /** By group, then name. */
    private final Map<String, Map<String, ScheduleSpec>> schedules = new TreeMap<>();
    private final ScheduleGroup defaultGroup;

    public Schedules(Path dir, ScheduleGroup defaultGroup) {
        this.file = dir.resolve("schedules.json");
        this.defaultGroup = defaultGroup;
        try {
            Files.createDirectories(dir);
            if (Files.exists(file)) {
                Saved s = Json.RECORDS.readValue(file.toFile(), new TypeReference<Saved>() {});
                s.groups().forEach(g -> groups.put(g.name(), g));
                s.schedules().forEach(x -> schedules.computeIfAbsent(x.group(), k -> new TreeMap<>()).put(x.name(), x));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        groups.putIfAbsent(defaultGroup.name(), defaultGroup);
    }

    public synchronized ScheduleGroup group(String name) { return groups.get(name); }

    public synchronized List<ScheduleGroup> groups() { return List.copyOf(groups.values()); }

    public synchronized void putGroup(ScheduleGroup g) {
        groups.put(g.name(), g);
        save();
    }

    /** Deletes the group and its schedules. */
    public synchronized void removeGroup(String name) {
        groups.remove(name);
        schedules.remove(name);
        save();
    }

    public synchronized ScheduleSpec schedule(String group, String name) {
        Map<String, ScheduleSpec> m = schedules.get(group);
        return m == null ? null : m.get(name);
    }

    public synchronized List<ScheduleSpec> all() {
        List<ScheduleSpec> out = new ArrayList<>();
        schedules.values().forEach(m -> out.addAll(m.values()));
        return out;
    }

    public synchronized void put(ScheduleSpec s) {
        schedules.computeIfAbsent(s.group(), k -> new TreeMap<>()).put(s.name(), s);
        save();
    }

    public synchronized boolean update(String group, String name, UnaryOperator<ScheduleSpec> change) {
        ScheduleSpec s = schedule(group, name);
        if (s == null) return false;
        put(change.apply(s));
        return true;
    }

    public synchronized boolean remove(String group, String name) {
        Map<String, ScheduleSpec> m = schedules.get(group);
        boolean removed = m != null && m.remove(name) != null;
        if (removed) save();
        return removed;
    }

    /** Deletes every schedule and group but the default one (the dev reset). */
    public synchronized void clear() {
        groups.clear();
        schedules.clear();
        groups.put(defaultGroup.name(), defaultGroup);
        save();
    }

    private void save() {
        try {
            Path tmp = file.resolveSibling("schedules.json.tmp");
            Json.RECORDS.writeValue(tmp.toFile(), new Saved(List.copyOf(groups.values()), all()));
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
