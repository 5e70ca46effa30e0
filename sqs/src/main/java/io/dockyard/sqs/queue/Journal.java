package io.dockyard.sqs.queue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dockyard.protocol.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The queues' write-ahead log: one JSON record a line, appended in the order the state changed, made durable by
 * group commit — a caller that needs its record on disk ({@link #awaitDurable}) either finds it already written (and,
 * with fsync, forced) or writes and forces everything appended so far, for itself and every caller waiting behind it.
 * Appends collect in memory until then (one write system call for many records: a batch of ten messages used to be
 * ten); a record is in the file before the request that made it is answered, so it survives a kill -9 of the process
 * even without fsync. A line cut by a crash ends the replay. {@link #rewrite} replaces the log with a snapshot
 * (compaction).
 */
final class Journal implements AutoCloseable {
    private final Path file;
    private final boolean fsync;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final ReentrantLock syncLock = new ReentrantLock();
    /** Appended records not yet written to the file ({@link #FLUSH_AT} bytes at most before an append writes them). */
    private static final int FLUSH_AT = 256 * 1024;
    private FileChannel channel;
    private byte[] pending = new byte[16 * 1024];
    private int pendingLength;
    private long written;
    private long flushed;
    private volatile long durable;
    private long bytes;

    Journal(Path file, boolean fsync) {
        this.file = file;
        this.fsync = fsync;
        try {
            Files.createDirectories(file.getParent());
            channel = open(file);
            bytes = channel.size();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileChannel open(Path f) throws IOException {
        return FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Every whole record of {@code file}, oldest first. */
    static void replay(Path file, Consumer<JsonNode> each) {
        if (!Files.exists(file)) return;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) continue;
                JsonNode n;
                try {
                    n = Json.RECORDS.readTree(line);
                } catch (IOException e) {
                    break; // the tail a crash cut
                }
                each.accept(n);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends a record (not yet durable); its sequence number for {@link #awaitDurable}. */
    long append(Object record) {
        byte[] line = line(record);
        appendLock.lock();
        try {
            if (pendingLength + line.length > pending.length) {
                pending = java.util.Arrays.copyOf(pending, Math.max(pending.length * 2, pendingLength + line.length));
            }
            System.arraycopy(line, 0, pending, pendingLength, line.length);
            pendingLength += line.length;
            bytes += line.length;
            long seq = ++written;
            if (pendingLength >= FLUSH_AT) flushLocked();
            return seq;
        } finally {
            appendLock.unlock();
        }
    }

    /** Writes the pending records to the file (the caller holds the append lock); the sequence number written up to. */
    private long flushLocked() {
        if (pendingLength > 0) {
            try {
                ByteBuffer b = ByteBuffer.wrap(pending, 0, pendingLength);
                while (b.hasRemaining()) channel.write(b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            pendingLength = 0;
            if (pending.length > 4 * FLUSH_AT) pending = new byte[16 * 1024];
        }
        flushed = written;
        return flushed;
    }

    private static byte[] line(Object record) {
        try {
            byte[] json = Json.RECORDS.writeValueAsBytes(record);
            byte[] out = java.util.Arrays.copyOf(json, json.length + 1);
            out[json.length] = '\n';
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Returns once the record {@code seq} (and all before it) is on disk. */
    void awaitDurable(long seq) {
        if (durable >= seq) return;
        syncLock.lock();
        try {
            if (durable >= seq) return;
            long upTo;
            FileChannel c;
            appendLock.lock();
            try {
                upTo = flushLocked();
                c = channel;
            } finally {
                appendLock.unlock();
            }
            if (fsync) c.force(false);
            durable = upTo;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            syncLock.unlock();
        }
    }

    long bytes() {
        appendLock.lock();
        try {
            return bytes;
        } finally {
            appendLock.unlock();
        }
    }

    /** Replaces the log with {@code records} (written, forced, then renamed over it). The caller keeps appends out meanwhile. */
    void rewrite(List<?> records) {
        syncLock.lock();
        appendLock.lock();
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            long size = 0;
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                for (Object r : records) {
                    ByteBuffer b = ByteBuffer.wrap(line(r));
                    size += b.remaining();
                    while (b.hasRemaining()) out.write(b);
                }
                out.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            channel.close();
            channel = open(file);
            bytes = size;
            pendingLength = 0; // the snapshot holds what they recorded
            flushed = written;
            durable = written;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            appendLock.unlock();
            syncLock.unlock();
        }
    }

    @Override
    public void close() {
        appendLock.lock();
        try {
            flushLocked();
            channel.close();
        } catch (IOException | UncheckedIOException ignored) {
            // closing
        } finally {
            appendLock.unlock();
        }
    }
}
