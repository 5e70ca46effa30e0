package io.dockyard.logs.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * One append-only segment file of a stream, {@code <firstSequence>.seg}: records
 * {@code [int length][int crc32c][long timestamp][long ingestionTime][message UTF-8]} where length
 * counts from the timestamp on. Its time index — event count, byte size, smallest and largest
 * timestamp — is kept in memory and, once the segment is sealed, in {@code <firstSequence>.idx}; the
 * open segment's is rebuilt on start by reading it, cutting a torn last record (a crash mid-write).
 */
final class Segment {
    static final int HEADER = 24;
    private static final int IDX_MAGIC = 0x4c4f4731; // "LOG1"
    private static final int IDX_BYTES = 44;

    /** What a segment holds: a consistent snapshot swapped as a whole after each write. */
    record Stats(int count, long size, long minTime, long maxTime, long maxIngestion) {
        static final Stats EMPTY = new Stats(0, 0, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE);

        boolean overlaps(long start, long end) { return count > 0 && maxTime >= start && minTime < end; }
    }

    /** Receives the records of a read; returns false to stop. */
    interface Visitor {
        boolean visit(long sequence, long timestamp, long ingestionTime, ByteBuffer buffer, int messageAt, int messageLength);
    }

    final Path file;
    final long firstSequence;
    private volatile Stats stats;
    private FileChannel writer; // the open segment's, guarded by the stream's lock

    private Segment(Path file, long firstSequence, Stats stats) {
        this.file = file;
        this.firstSequence = firstSequence;
        this.stats = stats;
    }

    static String fileName(long firstSequence) { return String.format("%020d.seg", firstSequence); }

    Stats stats() { return stats; }

    long endSequence() { return firstSequence + stats.count(); }

    /** A new empty segment file in {@code dir}, its directory entry made durable. */
    static Segment create(Path dir, long firstSequence) {
        Path file = dir.resolve(fileName(firstSequence));
        try {
            Files.write(file, new byte[0], StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
            FileLogStore.syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Segment(file, firstSequence, Stats.EMPTY);
    }

    /** Opens an existing segment: a sealed one from its index when that matches the file, else by reading it (and cutting a torn tail). */
    static Segment open(Path file, boolean sealed) {
        String name = file.getFileName().toString();
        long first = Long.parseLong(name.substring(0, name.indexOf('.')));
        try {
            if (sealed) {
                Stats s = readIndex(file);
                if (s != null) return new Segment(file, first, s);
            }
            return new Segment(file, first, recover(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path indexFile(Path file) {
        String name = file.getFileName().toString();
        return file.resolveSibling(name.substring(0, name.indexOf('.')) + ".idx");
    }

    private static Stats readIndex(Path file) throws IOException {
        Path idx = indexFile(file);
        if (!Files.exists(idx)) return null;
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(idx));
        if (b.remaining() != IDX_BYTES || b.getInt() != IDX_MAGIC) return null;
        Stats s = new Stats(b.getInt(), b.getLong(), b.getLong(), b.getLong(), b.getLong());
        return s.size() == Files.size(file) ? s : null;
    }

    private static Stats recover(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long fileSize = ch.size();
            Stats s = Stats.EMPTY;
            long pos = 0;
            if (fileSize > 0) {
                ByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, fileSize);
                CRC32C crc = new CRC32C();
                while (pos + HEADER <= fileSize) {
                    int len = buf.getInt((int) pos);
                    if (len < 16 || pos + 8 + len > fileSize) break;
                    crc.reset();
                    crc.update(buf.slice((int) pos + 8, len));
                    if ((int) crc.getValue() != buf.getInt((int) pos + 4)) break;
                    long ts = buf.getLong((int) pos + 8);
                    long ing = buf.getLong((int) pos + 16);
                    pos += 8 + len;
                    s = new Stats(s.count() + 1, pos, Math.min(s.minTime(), ts), Math.max(s.maxTime(), ts), Math.max(s.maxIngestion(), ing));
                }
            }
            if (pos < fileSize) {
                ch.truncate(pos);
                ch.force(true);
            }
            return s;
        }
    }

    /** Encodes one record into {@code out}. */
    static void encode(ByteBuffer out, long timestamp, long ingestion, byte[] message) {
        int start = out.position();
        out.putInt(16 + message.length).putInt(0).putLong(timestamp).putLong(ingestion).put(message);
        CRC32C crc = new CRC32C();
        crc.update(out.duplicate().position(start + 8).limit(out.position()));
        out.putInt(start + 4, (int) crc.getValue());
    }

    /** Appends encoded records (count {@code n}) and, with {@code fsync}, forces them to disk; the caller holds the stream's lock. */
    void append(ByteBuffer records, int n, long minTime, long maxTime, long ingestion, boolean fsync) throws IOException {
        if (writer == null) writer = FileChannel.open(file, StandardOpenOption.WRITE);
        Stats s = stats;
        long pos = s.size();
        while (records.hasRemaining()) pos += writer.write(records, pos);
        if (fsync) writer.force(false);
        stats = new Stats(s.count() + n, pos, Math.min(s.minTime(), minTime), Math.max(s.maxTime(), maxTime), Math.max(s.maxIngestion(), ingestion));
    }

    /** Writes the index file and closes the writer: no more appends. */
    void seal() {
        try {
            closeWriter();
            Stats s = stats;
            ByteBuffer b = ByteBuffer.allocate(IDX_BYTES).putInt(IDX_MAGIC).putInt(s.count()).putLong(s.size())
                    .putLong(s.minTime()).putLong(s.maxTime()).putLong(s.maxIngestion()).flip();
            Path idx = indexFile(file);
            try (FileChannel ch = FileChannel.open(idx, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                while (b.hasRemaining()) ch.write(b);
                ch.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void closeWriter() {
        if (writer == null) return;
        try {
            writer.close();
        } catch (IOException ignored) {
            // nothing buffered: every append was forced
        }
        writer = null;
    }

    void delete() {
        closeWriter();
        try {
            Files.deleteIfExists(indexFile(file));
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Visits the records with a sequence number in [from, to) and a timestamp in [start, end), in order,
     * as of the stats at the call; returns false when the visitor stopped.
     */
    boolean forEach(long from, long to, long start, long end, Visitor v) {
        Stats s = stats;
        if (!s.overlaps(start, end) || from >= firstSequence + s.count() || to <= firstSequence) return true;
        ByteBuffer buf;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, s.size());
        } catch (NoSuchFileException e) {
            return true; // expired or deleted meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int pos = 0;
        long seq = firstSequence;
        int size = (int) s.size();
        while (pos < size && seq < to) {
            int len = buf.getInt(pos);
            if (seq >= from) {
                long ts = buf.getLong(pos + 8);
                if (ts >= start && ts < end && !v.visit(seq, ts, buf.getLong(pos + 16), buf, pos + HEADER, len - 16)) return false;
            }
            pos += 8 + len;
            seq++;
        }
        return true;
    }
}
