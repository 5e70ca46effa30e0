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
 * group commit — a caller that needs its record on disk ({@link #awaitDurable}) either finds it already forced or
 * forces everything written so far, for itself and every caller waiting behind it. A line cut by a crash ends the
 * replay. {@link #rewrite} replaces the log with a snapshot (compaction).
 */
final class Journal implements AutoCloseable {
    private final Path file;
    private final boolean fsync;
    private final ReentrantLock appendLock = new ReentrantLock();
    private final ReentrantLock syncLock = new ReentrantLock();
    private FileChannel channel;
    private long written;
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
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) channel.write(b);
            bytes += line.length;
            return ++written;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            appendLock.unlock();
        }
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
        if (!fsync || durable >= seq) return;
        syncLock.lock();
        try {
            if (durable >= seq) return;
            long upTo;
            FileChannel c;
            appendLock.lock();
            try {
                upTo = written;
                c = channel;
            } finally {
                appendLock.unlock();
            }
            c.force(false);
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
            channel.close();
        } catch (IOException ignored) {
            // closing
        } finally {
            appendLock.unlock();
        }
    }
}
