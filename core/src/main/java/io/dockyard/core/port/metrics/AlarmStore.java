package io.dockyard.core.port.metrics;

import java.time.Duration;
import java.util.List;
import java.util.SortedMap;
import java.util.function.BiFunction;

/**
 * Where metric alarms are kept: each alarm as one document (its definition and state, as CloudWatch writes
 * it) by name, and their history. Implemented on files under the data directory and on PostgreSQL, where
 * every replica of a fleet reads and changes the same alarms; both pass the same contract suite.
 */
public interface AlarmStore extends AutoCloseable {
    /** How long history is kept, and how many items at most. */
    Duration HISTORY_KEPT = Duration.ofDays(30);
    int HISTORY_MAX = 50_000;

    /** Every alarm's document, by name in name order. */
    SortedMap<String, String> all();

    /** The named alarm's document, or null. */
    String get(String name);

    /** Creates or replaces an alarm. */
    void put(String name, String document);

    /**
     * Replaces each named alarm's document by {@code change(name, document)} with no other change to it in between,
     * from this process or another replica; a change that returns its document unchanged writes nothing. False, and
     * nothing changed, when one of the names has no alarm.
     */
    boolean update(List<String> names, BiFunction<String, String, String> change);

    /** Deletes the named alarms; false, and nothing deleted, when one of them does not exist. */
    boolean delete(List<String> names);

    /** Appends to the history. */
    void record(AlarmHistoryItem item);

    /** The history of the last {@link #HISTORY_KEPT} (at most {@link #HISTORY_MAX} items), oldest first. */
    List<AlarmHistoryItem> history();

    /** Forgets every alarm and the history (the dev reset). */
    void clear();

    @Override
    void close();
}
