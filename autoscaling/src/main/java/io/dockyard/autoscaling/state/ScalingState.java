package io.dockyard.autoscaling.state;

import com.fasterxml.jackson.core.type.TypeReference;
import io.dockyard.autoscaling.model.Activity;
import io.dockyard.autoscaling.model.ScalableTarget;
import io.dockyard.autoscaling.model.ScalingPolicy;
import io.dockyard.autoscaling.model.ScheduledAction;
import io.dockyard.autoscaling.model.TargetKey;
import io.dockyard.protocol.Json;
import io.dockyard.protocol.JsonLines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * Application Auto Scaling's state under {@code <data-dir>/autoscaling}: targets, policies, scheduled
 * actions and the scaler's memory (cooldowns, the last time each schedule was looked at) in
 * {@code state.json}, rewritten atomically on each change; activities appended to
 * {@code activities.jsonl} and kept six weeks, as AWS keeps them.
 */
public final class ScalingState {
    private static final Logger log = LoggerFactory.getLogger(ScalingState.class);
    static final Duration ACTIVITIES_KEPT = Duration.ofDays(42);
    static final int ACTIVITIES_MAX = 100_000;

    /** What the scaler remembers of a target: when it last scaled out and in, and the capacity the last scale-out started from. */
    public record Memory(Instant lastOut, int outFrom, Instant lastIn, Map<String, Instant> policyActed, Map<String, Instant> scheduleFired) {
        static Memory empty() { return new Memory(null, 0, null, Map.of(), Map.of()); }
    }

    private record Saved(List<ScalableTarget> targets, List<ScalingPolicy> policies, List<ScheduledAction> scheduled, Map<String, Memory> memory) {}

    private final Path dir;
    private final Clock clock;
    private final Map<TargetKey, ScalableTarget> targets = new TreeMap<>(java.util.Comparator.comparing(TargetKey::toString));
    private final Map<String, ScalingPolicy> policies = new TreeMap<>();
    private final Map<String, ScheduledAction> scheduled = new TreeMap<>();
    private final Map<String, Memory> memory = new HashMap<>();
    private final Deque<Activity> activities = new ArrayDeque<>();

    public ScalingState(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
        load();
    }

    static String key(TargetKey t, String name) { return t + "|" + name; }

    // ---- targets ----

    public synchronized ScalableTarget target(TargetKey k) { return targets.get(k); }

    public synchronized List<ScalableTarget> targets() { return new ArrayList<>(targets.values()); }

    public synchronized void put(ScalableTarget t) {
        targets.put(t.key(), t);
        save();
    }

    /** Removes the target with its policies and scheduled actions; returns the removed policies (their alarms go too). */
    public synchronized List<ScalingPolicy> remove(TargetKey k) {
        targets.remove(k);
        List<ScalingPolicy> gone = policies.values().stream().filter(p -> p.target().equals(k)).toList();
        policies.values().removeIf(p -> p.target().equals(k));
        scheduled.values().removeIf(a -> a.target().equals(k));
        memory.remove(k.toString());
        save();
        return gone;
    }

    // ---- policies and scheduled actions ----

    public synchronized ScalingPolicy policy(TargetKey t, String name) { return policies.get(key(t, name)); }

    public synchronized List<ScalingPolicy> policies() { return new ArrayList<>(policies.values()); }

    public synchronized void put(ScalingPolicy p) {
        policies.put(key(p.target(), p.name()), p);
        save();
    }

    public synchronized ScalingPolicy removePolicy(TargetKey t, String name) {
        ScalingPolicy p = policies.remove(key(t, name));
        if (p != null) save();
        return p;
    }

    public synchronized ScheduledAction scheduled(TargetKey t, String name) { return scheduled.get(key(t, name)); }

    public synchronized List<ScheduledAction> scheduled() { return new ArrayList<>(scheduled.values()); }

    public synchronized void put(ScheduledAction a) {
        scheduled.put(key(a.target(), a.name()), a);
        save();
    }

    public synchronized ScheduledAction removeScheduled(TargetKey t, String name) {
        ScheduledAction a = scheduled.remove(key(t, name));
        if (a != null) save();
        return a;
    }

    // ---- the scaler's memory ----

    public synchronized Memory memory(TargetKey t) { return memory.getOrDefault(t.toString(), Memory.empty()); }

    public synchronized void remember(TargetKey t, UnaryOperator<Memory> change) {
        memory.put(t.toString(), change.apply(memory(t)));
        save();
    }

    // ---- activities ----

    public synchronized void record(Activity a) {
        activities.addLast(a);
        while (activities.size() > ACTIVITIES_MAX) activities.removeFirst();
        if (!JsonLines.append(dir.resolve("activities.jsonl"), a)) log.warn("scaling activity not written: {}", dir.resolve("activities.jsonl"));
    }

    /** The activities, newest first. */
    public synchronized List<Activity> activities() {
        List<Activity> out = new ArrayList<>(activities);
        java.util.Collections.reverse(out);
        return out;
    }

    public synchronized void clear() {
        targets.clear();
        policies.clear();
        scheduled.clear();
        memory.clear();
        activities.clear();
        save();
        try {
            Files.deleteIfExists(dir.resolve("activities.jsonl"));
        } catch (IOException e) {
            log.debug("activities: {}", e.toString());
        }
    }

    // ---- files ----

    private void save() {
        try {
            Path tmp = dir.resolve("state.json.tmp");
            Files.write(tmp, Json.RECORDS.writeValueAsBytes(new Saved(new ArrayList<>(targets.values()), new ArrayList<>(policies.values()),
                    new ArrayList<>(scheduled.values()), memory)));
            Files.move(tmp, dir.resolve("state.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void load() {
        try {
            Files.createDirectories(dir);
            Path f = dir.resolve("state.json");
            if (Files.exists(f)) {
                Saved s = Json.RECORDS.readValue(f.toFile(), new TypeReference<Saved>() {});
                if (s.targets() != null) s.targets().forEach(t -> targets.put(t.key(), t));
                if (s.policies() != null) s.policies().forEach(p -> policies.put(key(p.target(), p.name()), p));
                if (s.scheduled() != null) s.scheduled().forEach(a -> scheduled.put(key(a.target(), a.name()), a));
                if (s.memory() != null) memory.putAll(s.memory());
            }
            Instant oldest = clock.instant().minus(ACTIVITIES_KEPT);
            activities.addAll(JsonLines.load(dir.resolve("activities.jsonl"), Activity.class, a -> !a.start().isBefore(oldest)));
            while (activities.size() > ACTIVITIES_MAX) activities.removeFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
