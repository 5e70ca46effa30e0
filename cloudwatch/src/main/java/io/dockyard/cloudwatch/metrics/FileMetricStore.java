package io.dockyard.cloudwatch.metrics;

import io.dockyard.core.port.metrics.MetricId;
import io.dockyard.core.port.metrics.MetricStore;
import io.dockyard.core.port.metrics.Stats;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The metric store on a write-ahead log under {@code <data-dir>/metrics}: {@code series.bin} names each
 * metric once, {@code points-YYYYMMDD.bin} holds each day's datapoints as they were put (written to the
 * OS at every put, so they survive kill -9, forced to disk every second), and {@code hours.bin} the
 * hourly roll-ups of the days older than 15 days, whose point files are then deleted. Memory holds the
 * roll-ups: per second for high-resolution metrics (3 hours), per minute (15 days), per hour (455 days);
 * a restart rebuilds them from the files.
 */
public final class FileMetricStore implements MetricStore {
    private static final Logger log = LoggerFactory.getLogger(FileMetricStore.class);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final byte POINT = 1, STATS = 2;

    private static final class Series {
        final int id;
        final MetricId metric;
        volatile String unit;
        volatile long lastPut;
        final ConcurrentSkipListMap<Long, Stats> seconds = new ConcurrentSkipListMap<>();
        final ConcurrentSkipListMap<Long, Stats> minutes = new ConcurrentSkipListMap<>();
        final ConcurrentSkipListMap<Long, Stats> hours = new ConcurrentSkipListMap<>();

        Series(int id, MetricId metric) {
            this.id = id;
            this.metric = metric;
        }
    }

    private final Path dir;
    private final Clock clock;
    private final Map<String, Series> series = new ConcurrentHashMap<>();
    private final Map<Integer, Series> byId = new ConcurrentHashMap<>();
    private final Object writeLock = new Object();
    private DataOutputStream seriesOut;
    private FileChannel pointsChannel;
    private DataOutputStream pointsOut;
    private String pointsDay;
    private int nextId = 1;

    public FileMetricStore(Path dir, Clock clock) {
        this.dir = dir;
        this.clock = clock;
        try {
            Files.createDirectories(dir);
            load();
            seriesOut = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve("series.bin"),
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- writing ----

    @Override
    public void put(MetricId metric, List<Datapoint> points) {
        Series s;
        synchronized (writeLock) {
            try {
                s = series.get(metric.key());
                if (s == null) s = define(metric, points.getLast().unit());
                String unit = points.getLast().unit();
                if (unit != null && !unit.equals(s.unit)) define(s, unit);
                for (Datapoint p : points) {
                    DataOutputStream out = pointsFor(p.timestamp());
                    if (p.statisticSet()) {
                        out.writeByte(STATS);
                        out.writeInt(s.id);
                        out.writeLong(p.timestamp().toEpochMilli());
                        out.writeByte(p.resolution());
                        out.writeDouble(p.count());
                        out.writeDouble(p.sum());
                        out.writeDouble(p.min());
                        out.writeDouble(p.max());
                    } else {
                        out.writeByte(POINT);
                        out.writeInt(s.id);
                        out.writeLong(p.timestamp().toEpochMilli());
                        out.writeByte(p.resolution());
                        out.writeDouble(p.value());
                        out.writeDouble(p.count());
                    }
                }
                if (pointsOut != null) pointsOut.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        for (Datapoint p : points) apply(s, p);
        s.lastPut = Math.max(s.lastPut, clock.millis());
    }

    private Series define(MetricId metric, String unit) throws IOException {
        Series s = new Series(nextId++, metric);
        s.unit = unit;
        writeSeries(s);
        series.put(metric.key(), s);
        byId.put(s.id, s);
        return s;
    }

    private void define(Series s, String unit) throws IOException {
        s.unit = unit;
        writeSeries(s);
    }

    private void writeSeries(Series s) throws IOException {
        seriesOut.writeInt(s.id);
        seriesOut.writeUTF(s.metric.namespace());
        seriesOut.writeUTF(s.metric.name());
        seriesOut.writeUTF(s.unit == null ? "" : s.unit);
        seriesOut.writeInt(s.metric.dimensions().size());
        for (var d : s.metric.dimensions().entrySet()) {
            seriesOut.writeUTF(d.getKey());
            seriesOut.writeUTF(d.getValue());
        }
        seriesOut.flush();
    }

    /** The point file of the day of {@code t} (points are filed by their own timestamp's day). */
    private DataOutputStream pointsFor(Instant t) throws IOException {
        String day = DAY.format(t);
        if (!day.equals(pointsDay)) {
            if (pointsOut != null) {
                pointsOut.flush();
                pointsChannel.force(false);
                pointsChannel.close();
            }
            pointsChannel = FileChannel.open(dir.resolve("points-" + day + ".bin"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            OutputStream raw = Channels.newOutputStream(pointsChannel);
            pointsOut = new DataOutputStream(new BufferedOutputStream(raw, 64 * 1024));
            pointsDay = day;
        }
        return pointsOut;
    }

    private static void apply(Series s, Datapoint p) {
        long ms = p.timestamp().toEpochMilli();
        long second = Math.floorDiv(ms, 1000L), minute = Math.floorDiv(ms, 60_000L) * 60, hour = Math.floorDiv(ms, 3_600_000L) * 3600;
        if (p.resolution() < 60) add(s.seconds, second, p);
        add(s.minutes, minute, p);
        add(s.hours, hour, p);
    }

    private static void add(ConcurrentSkipListMap<Long, Stats> m, long at, Datapoint p) {
        Stats st = m.computeIfAbsent(at, k -> new Stats());
        if (p.statisticSet()) st.add(p.count(), p.sum(), p.min(), p.max());
        else st.add(p.value(), p.count());
    }

    /** Forces the day's points to disk (the one-second loop). */
    public void sync() {
        synchronized (writeLock) {
            try {
                if (pointsOut != null) {
                    pointsOut.flush();
                    pointsChannel.force(false);
                }
            } catch (IOException e) {
                log.warn("metrics: sync failed: {}", e.toString());
            }
        }
    }

    // ---- reading ----

    /** The stored buckets a query of {@code period} over [start, end) reads, their resolution and the query's start. */
    private record Buckets(NavigableMap<Long, Stats> range, int size, long from) {}

    /** Null when the metric has none. */
    private Buckets buckets(MetricId metric, Instant start, Instant end, int period) {
        Series s = series.get(metric.key());
        if (s == null || !end.isAfter(start)) return null;
        long from = start.getEpochSecond(), to = end.getEpochSecond() + (end.getNano() > 0 ? 1 : 0);
        int size = MetricStore.resolution(period, from, clock.instant().getEpochSecond());
        ConcurrentSkipListMap<Long, Stats> source = size == 1 ? s.seconds : size == 60 ? s.minutes : s.hours;
        return new Buckets(source.subMap(from, true, to, false), size, from);
    }

    @Override
    public NavigableMap<Instant, Stats> query(MetricId metric, Instant start, Instant end, int period) {
        Buckets b = buckets(metric, start, end, period);
        if (b == null) return new TreeMap<>();
        if (period == b.size()) {
            // the stored buckets are the periods: handed out as they are (callers only read them), in one linear build
            SortedRun<Instant, Stats> run = new SortedRun<>(b.range().size());
            for (Map.Entry<Long, Stats> e : b.range().entrySet()) run.add(Instant.ofEpochSecond(e.getKey()), e.getValue());
            return run.toTreeMap();
        }
        NavigableMap<Instant, Stats> out = new TreeMap<>();
        long base = Math.floorDiv(b.from(), period) * period;
        for (Map.Entry<Long, Stats> e : b.range().entrySet()) {
            long bucket = base + Math.floorDiv(e.getKey() - base, period) * period;
            out.computeIfAbsent(Instant.ofEpochSecond(bucket), k -> new Stats()).merge(e.getValue());
        }
        return out;
    }

    @Override
    public void forEachPeriod(MetricId metric, Instant start, Instant end, int period, PeriodVisitor visitor) {
        Buckets b = buckets(metric, start, end, period);
        if (b == null) return;
        if (period != b.size()) {
            MetricStore.super.forEachPeriod(metric, start, end, period, visitor);
            return;
        }
        // the stored buckets are the periods: read in place
        for (Map.Entry<Long, Stats> e : b.range().entrySet()) visitor.visit(e.getKey(), e.getValue());
    }

    @Override
    public List<MetricId> list(Predicate<MetricId> filter, Instant activeSince) {
        List<MetricId> out = new ArrayList<>();
        long since = activeSince == null ? Long.MIN_VALUE : activeSince.toEpochMilli();
        for (Series s : series.values()) {
            if (s.lastPut >= since && filter.test(s.metric)) out.add(s.metric);
        }
        return out;
    }

    @Override
    public String unit(MetricId metric) {
        Series s = series.get(metric.key());
        return s == null ? null : s.unit;
    }

    // ---- retention ----

    /** Drops the roll-ups past their retention and folds the point files older than 15 days into hours.bin. */
    @Override
    public void expire() {
        long now = clock.instant().getEpochSecond();
        for (Series s : series.values()) {
            s.seconds.headMap(now - SECONDS_KEPT).clear();
            s.minutes.headMap(now - MINUTES_KEPT).clear();
            s.hours.headMap(now - HOURS_KEPT).clear();
        }
        String oldest = DAY.format(Instant.ofEpochSecond(now - MINUTES_KEPT));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("points-\\d{8}\\.bin")).sorted().toList()) {
                String day = f.getFileName().toString().substring(7, 15);
                if (day.compareTo(oldest) >= 0 || day.equals(pointsDay)) continue;
                foldIntoHours(f, LocalDate.parse(day, DAY));
            }
        } catch (IOException e) {
            log.warn("metrics: retention pass failed: {}", e.toString());
        }
    }

    private void foldIntoHours(Path file, LocalDate day) throws IOException {
        long from = day.atStartOfDay().toEpochSecond(ZoneOffset.UTC), to = from + 86_400;
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve("hours.bin"),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND)))) {
            for (Series s : series.values()) {
                for (Map.Entry<Long, Stats> e : s.hours.subMap(from, true, to, false).entrySet()) {
                    Stats st = e.getValue();
                    out.writeInt(s.id);
                    out.writeLong(e.getKey());
                    out.writeDouble(st.count());
                    out.writeDouble(st.sum());
                    out.writeDouble(st.min());
                    out.writeDouble(st.max());
                }
            }
        }
        Files.delete(file);
    }

    // ---- start ----

    private void load() throws IOException {
        Path sf = dir.resolve("series.bin");
        if (Files.exists(sf)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(sf)))) {
                while (true) {
                    int id;
                    try {
                        id = in.readInt();
                    } catch (EOFException e) {
                        break;
                    }
                    try {
                        String ns = in.readUTF(), name = in.readUTF(), unit = in.readUTF();
                        int n = in.readInt();
                        Map<String, String> dims = new TreeMap<>();
                        for (int i = 0; i < n; i++) dims.put(in.readUTF(), in.readUTF());
                        Series s = byId.get(id);
                        if (s == null) {
                            s = new Series(id, new MetricId(ns, name, dims));
                            series.put(s.metric.key(), s);
                            byId.put(id, s);
                        }
                        s.unit = unit.isEmpty() ? null : unit;
                        nextId = Math.max(nextId, id + 1);
                    } catch (EOFException e) {
                        break; // a record cut by a crash
                    }
                }
            }
        }
        Path hf = dir.resolve("hours.bin");
        if (Files.exists(hf)) {
            try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(hf)))) {
                while (true) {
                    try {
                        int id = in.readInt();
                        long hour = in.readLong();
                        double n = in.readDouble(), sum = in.readDouble(), lo = in.readDouble(), hi = in.readDouble();
                        Series s = byId.get(id);
                        if (s != null) s.hours.computeIfAbsent(hour, k -> new Stats()).add(n, sum, lo, hi);
                    } catch (EOFException e) {
                        break;
                    }
                }
            }
        }
        long points = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("points-\\d{8}\\.bin")).sorted().toList()) {
                points += replay(f);
            }
        }
        if (points > 0) log.info("metrics loaded series={} datapoints={}", series.size(), points);
    }

    private long replay(Path f) throws IOException {
        long n = 0;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(f), 64 * 1024))) {
            while (true) {
                try {
                    byte kind = in.readByte();
                    int id = in.readInt();
                    Instant t = Instant.ofEpochMilli(in.readLong());
                    int resolution = in.readByte();
                    Datapoint p;
                    if (kind == STATS) {
                        p = new Datapoint(t, Double.NaN, in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(), null, resolution);
                    } else if (kind == POINT) {
                        double v = in.readDouble(), c = in.readDouble();
                        p = new Datapoint(t, v, c, Double.NaN, Double.NaN, Double.NaN, null, resolution);
                    } else {
                        log.warn("metrics: {} has an unreadable record after {} points; the rest is skipped", f, n);
                        break;
                    }
                    Series s = byId.get(id);
                    if (s == null) continue;
                    apply(s, p);
                    s.lastPut = Math.max(s.lastPut, t.toEpochMilli());
                    n++;
                } catch (EOFException e) {
                    break; // a record cut by a crash
                }
            }
        }
        return n;
    }

    @Override
    public void clear() {
        synchronized (writeLock) {
            try {
                close();
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.toList()) Files.deleteIfExists(f);
                }
                series.clear();
                byId.clear();
                nextId = 1;
                pointsDay = null;
                pointsOut = null;
                seriesOut = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(dir.resolve("series.bin"),
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (writeLock) {
            try {
                if (pointsOut != null) {
                    pointsOut.flush();
                    pointsChannel.force(false);
                    pointsOut.close();
                }
                if (seriesOut != null) seriesOut.close();
            } catch (IOException e) {
                log.debug("metrics close: {}", e.toString());
            }
        }
    }
}
