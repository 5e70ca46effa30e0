package io.dockyard.cloudwatch.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.core.port.metrics.AlarmHistoryItem;
import io.dockyard.core.port.metrics.AlarmStore;
import io.dockyard.protocol.Json;
import io.dockyard.protocol.JsonLines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BiFunction;

/**
 * The alarms of one process under {@code <data-dir>/alarms}: {@code alarms.json} holds every alarm's document
 * (a JSON array, rewritten atomically on each change), {@code history.jsonl} the history, appended (30 days are
 * read back at start).
 */
public final class FileAlarmStore implements AlarmStore {
    private static final Logger log = LoggerFactory.getLogger(FileAlarmStore.class);
    private final Path dir;
    private final ConcurrentSkipListMap<String, String> alarms = new ConcurrentSkipListMap<>();
    private final Deque<AlarmHistoryItem> history = new ArrayDeque<>();

    public FileAlarmStore(Path dir, Clock clock) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            Path f = dir.resolve("alarms.json");
            if (Files.exists(f)) {
                for (JsonNode a : Json.RECORDS.readTree(f.toFile())) alarms.put(a.get("name").asText(), a.toString());
            }
            Instant oldest = clock.instant().minus(HISTORY_KEPT);
            history.addAll(JsonLines.load(dir.resolve("history.jsonl"), AlarmHistoryItem.class, item -> !item.timestamp().isBefore(oldest)));
            while (history.size() > HISTORY_MAX) history.removeFirst();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override public SortedMap<String, String> all() { return new TreeMap<>(alarms); }

    @Override public String get(String name) { return alarms.get(name); }

    @Override
    public synchronized void put(String name, String document) {
        alarms.put(name, document);
        save();
    }

    @Override
    public synchronized boolean update(List<String> names, BiFunction<String, String, String> change) {
        for (String n : names) if (!alarms.containsKey(n)) return false;
        boolean changed = false;
        for (String n : names) {
            String before = alarms.get(n), after = change.apply(n, before);
            if (!after.equals(before)) {
                alarms.put(n, after);
                changed = true;
            }
        }
        if (changed) save();
        return true;
    }

    @Override
    public synchronized boolean delete(List<String> names) {
        for (String n : names) if (!alarms.containsKey(n)) return false;
        names.forEach(alarms::remove);
        save();
        return true;
    }

    @Override
    public synchronized void record(AlarmHistoryItem item) {
        history.addLast(item);
        while (history.size() > HISTORY_MAX) history.removeFirst();
        if (!JsonLines.append(dir.resolve("history.jsonl"), item)) log.warn("alarm history not written: {}", dir.resolve("history.jsonl"));
    }

    @Override public synchronized List<AlarmHistoryItem> history() { return new ArrayList<>(history); }

    @Override
    public synchronized void clear() {
        alarms.clear();
        history.clear();
        save();
        try {
            Files.deleteIfExists(dir.resolve("history.jsonl"));
        } catch (IOException e) {
            log.debug("alarm history: {}", e.toString());
        }
    }

    private void save() {
        try {
            Path tmp = dir.resolve("alarms.json.tmp");
            Files.writeString(tmp, "[" + String.join(",", alarms.values()) + "]", StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve("alarms.json"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {}
}
