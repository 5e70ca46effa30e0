package io.dockyard.store.postgres;

import io.dockyard.core.port.metrics.AlarmHistoryItem;
import io.dockyard.core.port.metrics.AlarmStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;

/**
 * The metric alarms on PostgreSQL, shared by every control-plane replica: {@code alarms} holds each alarm's document
 * by name (an update reads its rows {@code FOR UPDATE}, in name order, and writes them back in the same transaction,
 * so the leader's evaluation and another replica's SetAlarmState or PutMetricAlarm never overwrite each other),
 * {@code alarm_history} the history, pruned to 30 days as it grows. The schema is Flyway's ({@code db/dockyard}, V6).
 */
public final class PostgresAlarmStore extends PooledStore implements AlarmStore {
    /** History older than {@link #HISTORY_KEPT} is deleted once per this many items recorded (and at start). */
    static final int PRUNE_EVERY = 1000;
    private final AtomicLong recorded = new AtomicLong();

    public PostgresAlarmStore(DatabaseUrl url, Clock clock) { super(url, clock, "alarms", 3); }

    @Override
    public SortedMap<String, String> all() {
        SortedMap<String, String> out = new TreeMap<>();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name, document FROM alarms")) {
            while (rs.next()) out.put(rs.getString(1), rs.getString(2));
            return out;
        } catch (SQLException e) {
            throw unavailable("read", e);
        }
    }

    @Override
    public String get(String name) { return text("SELECT document FROM alarms WHERE name = ?", name); }

    @Override
    public void put(String name, String document) {
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO alarms (name, document) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET document = EXCLUDED.document")) {
            s.setString(1, name);
            s.setString(2, document);
            s.executeUpdate();
        } catch (SQLException e) {
            throw unavailable("write", e);
        }
    }

    @Override
    public boolean update(List<String> names, BiFunction<String, String, String> change) {
        List<String> sorted = new ArrayList<>(new LinkedHashSet<>(names));
        Collections.sort(sorted);
        return transaction(c -> {
            TreeMap<String, String> locked = new TreeMap<>();
            try (PreparedStatement s = c.prepareStatement("SELECT name, document FROM alarms WHERE name = ANY (?) ORDER BY name FOR UPDATE")) {
                s.setArray(1, c.createArrayOf("text", sorted.toArray()));
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) locked.put(rs.getString(1), rs.getString(2));
                }
            }
            if (locked.size() != sorted.size()) return false;
            try (PreparedStatement s = c.prepareStatement("UPDATE alarms SET document = ? WHERE name = ?")) {
                for (String n : sorted) {
                    String after = change.apply(n, locked.get(n));
                    if (after.equals(locked.get(n))) continue;
                    s.setString(1, after);
                    s.setString(2, n);
                    s.addBatch();
                }
                s.executeBatch();
            }
            return true;
        });
    }

    @Override
    public boolean delete(List<String> names) {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(names));
        return transaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM alarms WHERE name = ANY (?)")) {
                s.setArray(1, c.createArrayOf("text", distinct.toArray()));
                return s.executeUpdate() == distinct.size();
            }
        });
    }

    @Override
    public void record(AlarmHistoryItem item) {
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(
                "INSERT INTO alarm_history (alarm_name, at_ms, at, type, summary, data) VALUES (?, ?, ?, ?, ?, ?)")) {
            s.setString(1, item.alarmName());
            s.setLong(2, item.timestamp().toEpochMilli());
            s.setString(3, item.timestamp().toString());
            s.setString(4, item.type());
            s.setString(5, item.summary());
            s.setString(6, item.data());
            s.executeUpdate();
            if (recorded.incrementAndGet() % PRUNE_EVERY == 1) prune(c);
        } catch (SQLException e) {
            throw unavailable("write", e);
        }
    }

    private void prune(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM alarm_history WHERE at_ms < ?")) {
            s.setLong(1, clock.instant().minus(HISTORY_KEPT).toEpochMilli());
            s.executeUpdate();
        }
    }

    @Override
    public List<AlarmHistoryItem> history() {
        List<AlarmHistoryItem> out = new ArrayList<>();
        try (Connection c = pool.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT alarm_name, at, type, summary, data FROM alarm_history WHERE at_ms >= ? ORDER BY id DESC LIMIT ?")) {
            s.setLong(1, clock.instant().minus(HISTORY_KEPT).toEpochMilli());
            s.setInt(2, HISTORY_MAX);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) out.add(new AlarmHistoryItem(rs.getString(1), Instant.parse(rs.getString(2)), rs.getString(3), rs.getString(4), rs.getString(5)));
            }
            return out.reversed();
        } catch (SQLException e) {
            throw unavailable("read", e);
        }
    }

    @Override
    public void clear() { truncate("alarms, alarm_history"); }
}
