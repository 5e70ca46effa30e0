package io.dockyard.logs.store;

import io.dockyard.core.port.logs.EventSink;
import io.dockyard.core.port.logs.LogEvent;
import io.dockyard.core.port.logs.LogGroup;
import io.dockyard.core.port.logs.LogStore;
import io.dockyard.core.port.logs.LogStream;
import io.dockyard.core.port.logs.StoredEvent;
import io.dockyard.protocol.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * {@link LogStore} on local files under {@code root} (e.g. {@code <data-dir>/logs}):
 * {@code groups/<key>/group.json}, {@code groups/<key>/streams/<key>/stream.json} and the stream's
 * {@link Segment} files ({@code <firstSequence>.seg}, sealed ones with a {@code .idx} time index),
 * where a key is the first 32 hex digits of the SHA-256 of the name. An append is written and
 * forced (fsync) before it returns; a segment is sealed when it would grow past
 * {@code segmentBytes}. Memory holds the metadata and one small index entry per segment, never events.
 */
public final class FileLogStore implements LogStore {
    private static final Logger log = LoggerFactory.getLogger(FileLogStore.class);
    public static final long DEFAULT_SEGMENT_BYTES = 4L << 20;
    private static final long NO_LIMIT = Long.MAX_VALUE;

    record StreamMeta(String name, long creationTime) {}

    private static final class Group {
        final Path dir;
        volatile LogGroup meta;
        final ConcurrentHashMap<String, StreamFiles> streams = new ConcurrentHashMap<>();

        Group(Path dir, LogGroup meta) {
            this.dir = dir;
            this.meta = meta;
        }
    }

    private static final class StreamFiles {
        final Path dir;
        final StreamMeta meta;
        final ReentrantLock lock = new ReentrantLock();
        volatile List<Segment> segments; // replaced whole under the lock; the last is the open one
        volatile boolean deleted;

        StreamFiles(Path dir, StreamMeta meta, List<Segment> segments) {
            this.dir = dir;
            this.meta = meta;
            this.segments = List.copyOf(segments);
        }

        Segment open() { return segments.getLast(); }

        LogStream describe() {
            List<Segment> segs = segments;
            long first = Long.MAX_VALUE, last = Long.MIN_VALUE, ingest = Long.MIN_VALUE, bytes = 0;
            for (Segment s : segs) {
                Segment.Stats st = s.stats();
                if (st.count() == 0) continue;
                first = Math.min(first, st.minTime());
                last = Math.max(last, st.maxTime());
                ingest = Math.max(ingest, st.maxIngestion());
                bytes += st.size();
            }
            boolean any = first != Long.MAX_VALUE;
            return new LogStream(meta.name(), meta.creationTime(), any ? first : null, any ? last : null, any ? ingest : null, bytes,
                    segs.getLast().endSequence());
        }
    }

    private final Path groupsDir;
    private final long segmentBytes;
    private final boolean fsync;
    private final ReentrantLock metaLock = new ReentrantLock();
    private final ConcurrentHashMap<String, Group> groups = new ConcurrentHashMap<>();

    private FileLogStore(Path root, long segmentBytes, boolean fsync) {
        this.groupsDir = root.resolve("groups");
        this.segmentBytes = segmentBytes;
        this.fsync = fsync;
    }

    /**
     * Opens (creating) the store under {@code root}, loading its metadata and segment indexes. Without
     * {@code fsync} an append is in the page cache when it returns (it survives a crash of the process,
     * not of the machine): for measuring what the fsync costs.
     */
    public static FileLogStore open(Path root, long segmentBytes, boolean fsync) {
        FileLogStore store = new FileLogStore(root, segmentBytes, fsync);
        try {
            Files.createDirectories(store.groupsDir);
            store.load();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return store;
    }

    public static FileLogStore open(Path root, long segmentBytes) { return open(root, segmentBytes, true); }

    public static FileLogStore open(Path root) { return open(root, DEFAULT_SEGMENT_BYTES, true); }

    private void load() throws IOException {
        for (Path gdir : list(groupsDir)) {
            Path meta = gdir.resolve("group.json");
            if (!Files.exists(meta)) { // a deletion cut short by a crash
                deleteTree(gdir);
                continue;
            }
            Group g = new Group(gdir, Json.MAPPER.readValue(Files.readAllBytes(meta), LogGroup.class));
            for (Path sdir : list(gdir.resolve("streams"))) {
                Path smeta = sdir.resolve("stream.json");
                if (!Files.exists(smeta)) {
                    deleteTree(sdir);
                    continue;
                }
                StreamMeta m = Json.MAPPER.readValue(Files.readAllBytes(smeta), StreamMeta.class);
                List<Path> files = list(sdir).stream().filter(p -> p.getFileName().toString().endsWith(".seg")).sorted().toList();
                List<Segment> segs = new ArrayList<>();
                for (int i = 0; i < files.size(); i++) segs.add(Segment.open(files.get(i), i < files.size() - 1));
                if (segs.isEmpty()) segs.add(Segment.create(sdir, 0));
                g.streams.put(m.name(), new StreamFiles(sdir, m, segs));
            }
            groups.put(g.meta.name(), g);
        }
        log.debug("log store loaded groups={}", groups.size());
    }

    // ---- groups

    @Override
    public boolean createGroup(LogGroup group) {
        return underMeta(() -> {
            if (groups.containsKey(group.name())) return false;
            Path dir = groupsDir.resolve(key(group.name()));
            deleteTree(dir); // leftovers of a cut deletion
            Files.createDirectories(dir.resolve("streams"));
            writeAtomically(dir.resolve("group.json"), Json.MAPPER.writeValueAsBytes(group));
            groups.put(group.name(), new Group(dir, group));
            return true;
        });
    }

    @Override
    public boolean deleteGroup(String name) {
        return underMeta(() -> {
            Group g = groups.remove(name);
            if (g == null) return false;
            for (StreamFiles s : g.streams.values()) retire(s);
            Files.deleteIfExists(g.dir.resolve("group.json"));
            deleteTree(g.dir);
            return true;
        });
    }

    @Override
    public Optional<LogGroup> group(String name) {
        Group g = groups.get(name);
        return g == null ? Optional.empty() : Optional.of(g.meta);
    }

    @Override
    public List<LogGroup> groups(String prefix) {
        return groups.values().stream().map(g -> g.meta).filter(g -> prefix == null || g.name().startsWith(prefix))
                .sorted(Comparator.comparing(LogGroup::name)).toList();
    }

    @Override
    public boolean updateGroup(String name, UnaryOperator<LogGroup> change) {
        return underMeta(() -> {
            Group g = groups.get(name);
            if (g == null) return false;
            LogGroup updated = change.apply(g.meta);
            updated = new LogGroup(g.meta.name(), g.meta.creationTime(), updated.retentionInDays(), updated.tags());
            writeAtomically(g.dir.resolve("group.json"), Json.MAPPER.writeValueAsBytes(updated));
            g.meta = updated;
            return true;
        });
    }

    /** A metadata change: one at a time. */
    private interface MetaChange<T> {
        T run() throws IOException;
    }

    private <T> T underMeta(MetaChange<T> change) {
        metaLock.lock();
        try {
            return change.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            metaLock.unlock();
        }
    }

    // ---- streams

    @Override
    public Outcome createStream(String group, String stream, long creationTime) {
        return underMeta(() -> {
            Group g = groups.get(group);
            if (g == null) return Outcome.NO_GROUP;
            if (g.streams.containsKey(stream)) return Outcome.EXISTS;
            Path dir = g.dir.resolve("streams").resolve(key(stream));
            deleteTree(dir);
            Files.createDirectories(dir);
            Segment first = Segment.create(dir, 0);
            StreamMeta meta = new StreamMeta(stream, creationTime);
            writeAtomically(dir.resolve("stream.json"), Json.MAPPER.writeValueAsBytes(meta));
            g.streams.put(stream, new StreamFiles(dir, meta, List.of(first)));
            return Outcome.OK;
        });
    }

    @Override
    public Outcome deleteStream(String group, String stream) {
        return underMeta(() -> {
            Group g = groups.get(group);
            if (g == null) return Outcome.NO_GROUP;
            StreamFiles s = g.streams.remove(stream);
            if (s == null) return Outcome.NO_STREAM;
            retire(s);
            Files.deleteIfExists(s.dir.resolve("stream.json"));
            deleteTree(s.dir);
            return Outcome.OK;
        });
    }

    /** Marks the stream deleted and closes its writer (appends in flight finish first). */
    private static void retire(StreamFiles s) {
        s.lock.lock();
        try {
            s.deleted = true;
            s.open().closeWriter();
        } finally {
            s.lock.unlock();
        }
    }

    @Override
    public Optional<List<LogStream>> streams(String group) {
        Group g = groups.get(group);
        if (g == null) return Optional.empty();
        return Optional.of(g.streams.values().stream().map(StreamFiles::describe).sorted(Comparator.comparing(LogStream::name)).toList());
    }

    @Override
    public Optional<LogStream> stream(String group, String stream) {
        Group g = groups.get(group);
        StreamFiles s = g == null ? null : g.streams.get(stream);
        return s == null ? Optional.empty() : Optional.of(s.describe());
    }

    // ---- events

    @Override
    public Outcome append(String group, String stream, List<LogEvent> events, long ingestionTime) {
        Group g = groups.get(group);
        if (g == null) return Outcome.NO_GROUP;
        StreamFiles s = g.streams.get(stream);
        if (s == null) return Outcome.NO_STREAM;
        List<byte[]> messages = new ArrayList<>(events.size());
        int bytes = 0;
        long min = Long.MAX_VALUE, max = Long.MIN_VALUE;
        for (LogEvent e : events) {
            byte[] m = e.message().getBytes(StandardCharsets.UTF_8);
            messages.add(m);
            bytes += Segment.HEADER + m.length;
            min = Math.min(min, e.timestamp());
            max = Math.max(max, e.timestamp());
        }
        ByteBuffer buf = ByteBuffer.allocate(bytes);
        for (int i = 0; i < events.size(); i++) Segment.encode(buf, events.get(i).timestamp(), ingestionTime, messages.get(i));
        buf.flip();
        s.lock.lock();
        try {
            if (s.deleted) return Outcome.NO_STREAM;
            Segment open = s.open();
            if (open.stats().size() > 0 && open.stats().size() + bytes > segmentBytes) {
                open.seal();
                open = Segment.create(s.dir, open.endSequence());
                List<Segment> next = new ArrayList<>(s.segments);
                next.add(open);
                s.segments = List.copyOf(next);
            }
            open.append(buf, events.size(), min, max, ingestionTime, fsync);
            return Outcome.OK;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            s.lock.unlock();
        }
    }

    @Override
    public List<StoredEvent> read(String group, String stream, long fromSequence, long toSequence, long startTime, long endTime,
                                  int limit, long maxBytes, boolean fromEnd) {
        Group g = groups.get(group);
        StreamFiles s = g == null ? null : g.streams.get(stream);
        if (s == null || limit <= 0) return List.of();
        List<Segment> segs = s.segments;
        Deque<StoredEvent> out = new ArrayDeque<>();
        long[] bytes = {0};
        if (!fromEnd) {
            for (Segment seg : segs) {
                boolean more = seg.forEach(fromSequence, toSequence, startTime, endTime, (seq, ts, ing, buf, at, len) -> {
                    StoredEvent e = event(stream, seq, ts, ing, buf, at, len);
                    out.addLast(e);
                    bytes[0] += len;
                    return out.size() < limit && bytes[0] < maxBytes;
                });
                if (!more) break;
            }
            return List.copyOf(out);
        }
        for (int i = segs.size() - 1; i >= 0 && out.size() < limit && bytes[0] < maxBytes; i--) {
            LastEvents last = new LastEvents(Math.max(1, Math.min(limit - out.size(), segs.get(i).stats().count())));
            segs.get(i).forEach(fromSequence, toSequence, startTime, endTime, last);
            for (int j = last.size() - 1; j >= 0 && bytes[0] < maxBytes; j--) {
                StoredEvent e = last.event(stream, j);
                out.addFirst(e);
                bytes[0] += e.message().length();
            }
        }
        return List.copyOf(out);
    }

    private static StoredEvent event(String stream, long seq, long ts, long ing, ByteBuffer buf, int at, int len) {
        byte[] m = new byte[len];
        buf.get(at, m, 0, len);
        return new StoredEvent(stream, seq, ts, ing, new String(m, StandardCharsets.UTF_8));
    }

    @Override
    public void scan(String group, Collection<String> streams, long startTime, long endTime, EventSink sink) {
        Group g = groups.get(group);
        if (g == null) return;
        Collection<StreamFiles> selected = streams == null ? g.streams.values()
                : streams.stream().map(g.streams::get).filter(java.util.Objects::nonNull).toList();
        byte[][] scratch = {new byte[8192]};
        for (StreamFiles s : selected) {
            String name = s.meta.name();
            for (Segment seg : s.segments) {
                seg.forEach(0, NO_LIMIT, startTime, endTime, (seq, ts, ing, buf, at, len) -> {
                    if (scratch[0].length < len) scratch[0] = new byte[Math.max(len, scratch[0].length * 2)];
                    buf.get(at, scratch[0], 0, len);
                    sink.accept(name, seq, ts, ing, scratch[0], len);
                    return true;
                });
            }
        }
    }

    @Override
    public long expire(String group, long cutoff) {
        Group g = groups.get(group);
        if (g == null) return 0;
        long freed = 0;
        for (StreamFiles s : g.streams.values()) {
            s.lock.lock();
            try {
                if (s.deleted) continue;
                List<Segment> keep = new ArrayList<>();
                List<Segment> segs = s.segments;
                for (int i = 0; i < segs.size(); i++) {
                    Segment seg = segs.get(i);
                    Segment.Stats st = seg.stats();
                    if (st.count() > 0 && st.maxTime() < cutoff) {
                        if (i == segs.size() - 1) keep.add(Segment.create(s.dir, seg.endSequence())); // the next open segment keeps the numbering
                        seg.delete();
                        freed += st.size();
                    } else {
                        keep.add(seg);
                    }
                }
                if (keep.size() != segs.size() || keep.getLast() != segs.getLast()) s.segments = List.copyOf(keep);
            } finally {
                s.lock.unlock();
            }
        }
        return freed;
    }

    @Override
    public void clear() {
        for (String name : List.copyOf(groups.keySet())) deleteGroup(name);
    }

    @Override
    public void close() {
        for (Group g : groups.values()) {
            for (StreamFiles s : g.streams.values()) {
                s.lock.lock();
                try {
                    s.open().closeWriter();
                } finally {
                    s.lock.unlock();
                }
            }
        }
    }

    // ---- files

    static String key(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }

    private static void writeAtomically(Path target, byte[] content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer b = ByteBuffer.wrap(content);
            while (b.hasRemaining()) ch.write(b);
            ch.force(true);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncDirectory(target.getParent());
    }

    static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
