package io.dockyard.events.scheduler;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dockyard.core.port.Kind;
import io.dockyard.core.port.Store;
import io.dockyard.events.rules.SharedRecord;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The schedule groups and schedules, kept as one record of the control plane's {@link Store} (see {@link SharedRecord}):
 * on PostgreSQL every replica of a fleet shares them, and an occurrence is recorded as fired by one replica only
 * ({@link #fire}). A {@code schedules.json} an older version kept under the data directory is imported once.
 */
public final class Schedules {
    public record Saved(List<ScheduleGroup> groups, List<ScheduleSpec> schedules) {}

    public static final Kind<Saved> KIND = SharedRecord.kind("events.schedules", Saved.class);

    private final Map<String, ScheduleGroup> groups = new TreeMap<>();
    /** By group, then name. */
    private final Map<String, Map<String, ScheduleSpec>> schedules = new TreeMap<>();
    private final ScheduleGroup defaultGroup;
    private final SharedRecord<Saved> record;

    public Schedules(Store store, Path legacyDir, ScheduleGroup defaultGroup) {
        this.defaultGroup = defaultGroup;
        this.record = new SharedRecord<>(store, KIND, this::load, () -> new Saved(List.copyOf(groups.values()), list()));
        record.importOnce(legacyDir == null ? null : legacyDir.resolve("schedules.json"), new TypeReference<Saved>() {});
        refresh();
    }

    private void load(Saved saved) {
        groups.clear();
        schedules.clear();
        if (saved != null) {
            saved.groups().forEach(g -> groups.put(g.name(), g));
            saved.schedules().forEach(x -> schedules.computeIfAbsent(x.group(), k -> new TreeMap<>()).put(x.name(), x));
        }
        groups.putIfAbsent(defaultGroup.name(), defaultGroup);
    }

    private synchronized void refresh() { record.refresh(); }

    private synchronized <R> R change(Supplier<R> change) { return record.change(change); }

    public synchronized ScheduleGroup group(String name) {
        refresh();
        return groups.get(name);
    }

    public synchronized List<ScheduleGroup> groups() {
        refresh();
        return List.copyOf(groups.values());
    }

    public void putGroup(ScheduleGroup g) { change(() -> groups.put(g.name(), g)); }

    /** Deletes the group and its schedules. */
    public void removeGroup(String name) {
        change(() -> {
            groups.remove(name);
            return schedules.remove(name);
        });
    }

    public synchronized ScheduleSpec schedule(String group, String name) {
        refresh();
        return find(group, name);
    }

    private ScheduleSpec find(String group, String name) {
        Map<String, ScheduleSpec> m = schedules.get(group);
        return m == null ? null : m.get(name);
    }

    public synchronized List<ScheduleSpec> all() {
        refresh();
        return list();
    }

    private List<ScheduleSpec> list() {
        List<ScheduleSpec> out = new ArrayList<>();
        schedules.values().forEach(m -> out.addAll(m.values()));
        return out;
    }

    public void put(ScheduleSpec s) { change(() -> schedules.computeIfAbsent(s.group(), k -> new TreeMap<>()).put(s.name(), s)); }

    public boolean update(String group, String name, UnaryOperator<ScheduleSpec> change) {
        return change(() -> {
            ScheduleSpec s = find(group, name);
            if (s == null) return false;
            schedules.get(group).put(name, change.apply(s));
            return true;
        });
    }

    /** Records occurrence {@code due} as fired: true for the one caller (of any replica) that moved it there, else false. */
    public boolean fire(String group, String name, Instant due) {
        return change(() -> {
            ScheduleSpec s = find(group, name);
            if (s == null || s.lastFired() != null && !s.lastFired().isBefore(due)) return false;
            schedules.get(group).put(name, s.firedAt(due));
            return true;
        });
    }

    public boolean remove(String group, String name) {
        return change(() -> {
            Map<String, ScheduleSpec> m = schedules.get(group);
            return m != null && m.remove(name) != null;
        });
    }

    /** Deletes every schedule and group but the default one (the dev reset). */
    public void clear() {
        change(() -> {
            groups.clear();
            schedules.clear();
            return groups.put(defaultGroup.name(), defaultGroup);
        });
    }
}
