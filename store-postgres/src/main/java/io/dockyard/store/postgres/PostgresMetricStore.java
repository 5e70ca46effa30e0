package io.dockyard.store.postgres;

import io.dockyard.core.port.metrics.MetricId;
import io.dockyard.core.port.metrics.MetricStore;
import io.dockyard.core.port.metrics.Stats;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The metric store on PostgreSQL, shared by every control-plane replica: {@code metric_series} names each metric,
 * {@code metric_stats} holds each period's count, sum, minimum and maximum per resolution (1 s for high-resolution
 * metrics, 60 s, 3600 s: every put rolls up into each at once, as {@link MetricStore} describes) and
 * {@code metric_buckets} each period's value histogram, which percentiles read. A put adds to the rows with upserts
 * (count and sum add up, minimum and maximum widen, bucket counts add up), so two replicas putting the same metric at
 * the same time both count; a put's rows are aggregated first and written in one transaction in key order, so
 * concurrent puts never deadlock. A query aggregates its periods in the database (one statement for the statistics,
 * one for the histogram, on the primary-key index). Retention ({@link #expire}, on the leader) deletes periods past
 * 3 hours (seconds), 15 days (minutes) and 455 days (hours). The schema is Flyway's ({@code db/dockyard}, V6).
 */
public final class PostgresMetricStore extends PooledStore implements MetricStore {
    private static final String[] TABLES = {"metric_stats", "metric_buckets"};
    public PostgresMetricStore(DatabaseUrl url, Clock clock) { super(url, clock, "metrics", 4); }

    /** One period of one resolution, as a put adds to it. */
    private record Period(int resolution, long at) implements Comparable<Period> {
        @Override
        public int compareTo(Period o) { return resolution != o.resolution ? Integer.compare(resolution, o.resolution) : Long.compare(at, o.at); }
    }

    private static final class Sums {
        double count, sum, min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        final TreeMap<Double, Double> buckets = new TreeMap<>();
    }

    @Override
    public void put(MetricId metric, List<Datapoint> points) {
        if (points.isEmpty()) return;
        TreeMap<Period, Sums> periods = new TreeMap<>();
        for (Datapoint p : points) {
            long ms = p.timestamp().toEpochMilli();
            for (int resolution : MetricStore.rollUps(p.resolution())) {
                Sums s = periods.computeIfAbsent(new Period(resolution, Math.floorDiv(ms, resolution * 1000L) * resolution), k -> new Sums());
                if (p.statisticSet()) {
                    s.count += p.count();
                    s.sum += p.sum();
                    s.min = Math.min(s.min, p.min());
                    s.max = Math.max(s.max, p.max());
                } else {
                    s.count += p.count();
                    s.sum += p.value() * p.count();
                    s.min = Math.min(s.min, p.value());
                    s.max = Math.max(s.max, p.value());
                    s.buckets.merge(Stats.bucket(p.value()), p.count(), Double::sum);
                }
            }
        }
        try (Connection c = pool.getConnection()) {
            long series = series(c, metric, points.getLast().unit());
            Pools.transaction(c, x -> write(x, series, periods));
        } catch (SQLException e) {
            throw unavailable("write", e);
        }
    }

    /** The put's periods, added to their rows in key order. */
    private static boolean write(Connection c, long series, TreeMap<Period, Sums> periods) throws SQLException {
        try (PreparedStatement stats = c.prepareStatement("INSERT INTO metric_stats (series_id, resolution, at, count, sum, min, max) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (series_id, resolution, at) DO UPDATE SET count = metric_stats.count + EXCLUDED.count, "
                + "sum = metric_stats.sum + EXCLUDED.sum, min = LEAST(metric_stats.min, EXCLUDED.min), max = GREATEST(metric_stats.max, EXCLUDED.max)");
             PreparedStatement buckets = c.prepareStatement("INSERT INTO metric_buckets (series_id, resolution, at, bucket, n) VALUES (?, ?, ?, ?, ?) "
                     + "ON CONFLICT (series_id, resolution, at, bucket) DO UPDATE SET n = metric_buckets.n + EXCLUDED.n")) {
            for (Map.Entry<Period, Sums> e : periods.entrySet()) {
                Sums s = e.getValue();
                stats.setLong(1, series);
                stats.setInt(2, e.getKey().resolution());
                stats.setLong(3, e.getKey().at());
                stats.setDouble(4, s.count);
                stats.setDouble(5, s.sum);
                stats.setDouble(6, s.min);
                stats.setDouble(7, s.max);
                stats.addBatch();
                for (Map.Entry<Double, Double> b : s.buckets.entrySet()) {
                    buckets.setLong(1, series);
                    buckets.setInt(2, e.getKey().resolution());
                    buckets.setLong(3, e.getKey().at());
                    buckets.setDouble(4, b.getKey());
                    buckets.setDouble(5, b.getValue());
                    buckets.addBatch();
                }
            }
            stats.executeBatch();
            buckets.executeBatch();
            return true;
        }
    }

    /** The metric's id, its row created or its unit and last put updated (one statement, committed on its own). */
    private long series(Connection c, MetricId metric, String unit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO metric_series (key, namespace, name, dim_names, dim_values, unit, last_put) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET unit = COALESCE(EXCLUDED.unit, metric_series.unit), "
                + "last_put = GREATEST(metric_series.last_put, EXCLUDED.last_put) RETURNING id")) {
            s.setString(1, key(metric));
            s.setString(2, metric.namespace());
            s.setString(3, metric.name());
            Array names = c.createArrayOf("text", metric.dimensions().keySet().toArray());
            Array values = c.createArrayOf("text", metric.dimensions().values().toArray());
            s.setArray(4, names);
            s.setArray(5, values);
            s.setString(6, unit);
            s.setLong(7, clock.millis());
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** The SHA-256 of the canonical id (which holds NUL separators PostgreSQL text cannot). */
    static String key(MetricId metric) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(metric.key().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public NavigableMap<Instant, Stats> query(MetricId metric, Instant start, Instant end, int period) {
        NavigableMap<Instant, Stats> out = new TreeMap<>();
        if (!end.isAfter(start)) return out;
        long from = start.getEpochSecond(), to = end.getEpochSecond() + (end.getNano() > 0 ? 1 : 0);
        int resolution = MetricStore.resolution(period, from, clock.instant().getEpochSecond());
        long base = Math.floorDiv(from, period) * period;
        String where = " WHERE series_id = (SELECT id FROM metric_series WHERE key = ?) AND resolution = ? AND at >= ? AND at < ?";
        String p = "(? + (at - ?) / ? * ?)";
        // periods of the stored resolution are its rows as they are; longer ones are summed in the database
        boolean stored = period == resolution;
        try (Connection c = pool.getConnection();
             PreparedStatement stats = c.prepareStatement(stored ? "SELECT " + p + ", count, sum, min, max FROM metric_stats" + where
                     : "SELECT " + p + " AS p, sum(count), sum(sum), min(min), max(max) FROM metric_stats" + where + " GROUP BY p");
             PreparedStatement buckets = c.prepareStatement(stored ? "SELECT " + p + ", bucket, n FROM metric_buckets" + where
                     : "SELECT " + p + " AS p, bucket, sum(n) FROM metric_buckets" + where + " GROUP BY p, bucket")) {
            String key = key(metric);
            for (PreparedStatement s : List.of(stats, buckets)) {
                s.setLong(1, base);
                s.setLong(2, base);
                s.setLong(3, period);
                s.setLong(4, period);
                s.setString(5, key);
                s.setInt(6, resolution);
                s.setLong(7, from);
                s.setLong(8, to);
            }
            try (ResultSet rs = stats.executeQuery()) {
                while (rs.next()) {
                    Stats st = new Stats();
                    st.add(rs.getDouble(2), rs.getDouble(3), rs.getDouble(4), rs.getDouble(5));
                    out.put(Instant.ofEpochSecond(rs.getLong(1)), st);
                }
            }
            try (ResultSet rs = buckets.executeQuery()) {
                while (rs.next()) {
                    Stats st = out.get(Instant.ofEpochSecond(rs.getLong(1)));
                    if (st != null) st.addToHistogram(rs.getDouble(2), rs.getDouble(3));
                }
            }
            return out;
        } catch (SQLException e) {
            throw unavailable("read", e);
        }
    }

    @Override
    public List<MetricId> list(Predicate<MetricId> filter, Instant activeSince) {
        List<MetricId> out = new ArrayList<>();
        try (Connection c = pool.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT namespace, name, dim_names, dim_values FROM metric_series WHERE last_put >= ?")) {
            s.setLong(1, activeSince == null ? Long.MIN_VALUE : activeSince.toEpochMilli());
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String[] names = (String[]) rs.getArray(3).getArray(), values = (String[]) rs.getArray(4).getArray();
                    Map<String, String> dimensions = new TreeMap<>();
                    for (int i = 0; i < names.length; i++) dimensions.put(names[i], values[i]);
                    MetricId m = new MetricId(rs.getString(1), rs.getString(2), dimensions);
                    if (filter.test(m)) out.add(m);
                }
            }
            return out;
        } catch (SQLException e) {
            throw unavailable("read", e);
        }
    }

    @Override
    public String unit(MetricId metric) { return text("SELECT unit FROM metric_series WHERE key = ?", key(metric)); }

    @Override
    public void expire() {
        long now = clock.instant().getEpochSecond();
        try (Connection c = pool.getConnection()) {
            for (String table : TABLES) {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE resolution = ? AND at < ?")) {
                    for (long[] kept : new long[][] {{1, SECONDS_KEPT}, {60, MINUTES_KEPT}, {3600, HOURS_KEPT}}) {
                        s.setInt(1, (int) kept[0]);
                        s.setLong(2, now - kept[1]);
                        s.executeUpdate();
                    }
                }
            }
        } catch (SQLException e) {
            throw unavailable("expire in", e);
        }
    }

    @Override
    public void clear() { truncate("metric_series, metric_stats, metric_buckets"); }
}
