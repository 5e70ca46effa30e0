package io.dockyard.registry.domain;

import io.dockyard.registry.bytes.ByteStore;
import io.dockyard.registry.bytes.Digest;
import io.dockyard.registry.bytes.Digester;
import io.dockyard.registry.domain.Records.BlobLink;
import io.dockyard.registry.domain.Records.Upload;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Blob upload sessions: start, append chunks (in order), complete with a digest that is verified
 * before the bytes are committed under it, cancel. A sha256 is kept running in memory while chunks
 * arrive, so completing a large upload does not read it again (after a restart it is recomputed).
 */
public final class Uploads {
    private static final class Running {
        final MessageDigest md;
        long count;

        Running() { this(Digester.newDigest("sha256")); }

        Running(MessageDigest md) { this.md = md; }
    }

    private final Registry registry;
    private final ByteStore bytes;
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    public Uploads(Registry registry) {
        this.registry = registry;
        this.bytes = registry.bytes();
    }

    /** Opens a session in the repository. */
    public Upload start(String repo) {
        registry.repository(repo);
        Upload u = new Upload(UUID.randomUUID().toString(), repo, registry.clock().instant());
        io(() -> { bytes.append(u.id()).close(); return null; });
        registry.store().put(Records.UPLOAD, u);
        return u;
    }

    /** The session; BLOB_UPLOAD_UNKNOWN unless it exists in this repository. */
    public Upload session(String repo, String id) {
        return registry.store().get(Records.UPLOAD, id).filter(u -> u.repository().equals(repo))
                .orElseThrow(() -> Problem.BLOB_UPLOAD_UNKNOWN.with("Upload " + id + " is unknown."));
    }

    /** Bytes received so far. */
    public long size(String id) {
        long s = io(() -> bytes.stagedSize(id));
        return Math.max(0, s);
    }

    /**
     * Appends a chunk. {@code start} (from Content-Range or ECR's partFirstByte) must equal the bytes
     * received so far, else RANGE_INVALID. Returns the new size.
     */
    public long append(String repo, String id, InputStream chunk, Long start) {
        session(repo, id);
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            long size = size(id);
            if (start != null && start != size) throw Problem.RANGE_INVALID.with("The chunk starts at " + start + " but " + size + " bytes were received.");
            Running r = running.get(id);
            if (r != null && r.count != size) { running.remove(id); r = null; }
            if (r == null && size == 0) { r = new Running(); running.put(id, r); }
            Running hash = r;
            try (OutputStream out = io(() -> bytes.append(id)); OutputStream sink = hash == null ? out : hashing(out, hash)) {
                chunk.transferTo(sink);
            } catch (IOException e) {
                running.remove(id);
                throw new UncheckedIOException(e);
            } catch (RuntimeException e) {
                running.remove(id);
                throw e;
            }
            return size(id);
        } finally {
            lock.unlock();
        }
    }

    private static OutputStream hashing(OutputStream out, Running r) {
        return new FilterOutputStream(out) {
            @Override public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                r.md.update(b, off, len);
                r.count += len;
            }
            @Override public void write(int b) throws IOException { write(new byte[] {(byte) b}, 0, 1); }
        };
    }

    /**
     * Completes the session: appends the final chunk (may be empty), verifies the digest, commits the
     * bytes under it and links the blob into the repository. A refused completion (DIGEST_INVALID, a
     * body cut short) drops the bytes its own chunk appended, so the session is as it was and a retried
     * close behaves as a first one.
     */
    public BlobLink complete(String repo, String id, String digestText, InputStream last, Problem onMismatch) {
        Digest digest = Digest.parse(digestText);
        if (digest == null) throw Problem.DIGEST_INVALID.with("Invalid or missing digest " + digestText + ".");
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            session(repo, id);
            long before = size(id);
            Running saved = last == null ? null : snapshot(id, before);
            try {
                if (last != null) append(repo, id, last, null);
                long size = size(id);
                Digest actual = computed(id, size, digest.algorithm());
                if (!actual.equals(digest)) throw onMismatch.with("The uploaded content has digest " + actual + ", not " + digest + ".");
            } catch (RuntimeException e) {
                if (last != null) rollBack(id, before, saved);
                throw e;
            }
            io(() -> { bytes.commit(id, digest.toString()); return null; });
            running.remove(id);
            BlobLink link = registry.store().atomically(() -> {
                registry.store().delete(Records.UPLOAD, id);
                return registry.linkExisting(repo, digest.toString());
            });
            locks.remove(id);
            return link;
        } finally {
            lock.unlock();
        }
    }

    /** A copy of the running digest at {@code size} bytes, to restore after a rolled-back chunk (null: none to keep). */
    private Running snapshot(String id, long size) {
        Running r = running.get(id);
        if (r == null || r.count != size) return null;
        try {
            Running copy = new Running((MessageDigest) r.md.clone());
            copy.count = r.count;
            return copy;
        } catch (CloneNotSupportedException e) {
            return null;
        }
    }

    /** Cuts the staged bytes back to {@code size} and restores the running digest as it was then. */
    private void rollBack(String id, long size, Running saved) {
        io(() -> { bytes.truncateStaged(id, size); return null; });
        if (saved != null) running.put(id, saved);
        else running.remove(id);
    }

    private Digest computed(String id, long size, String algorithm) {
        Running r = running.get(id);
        if (algorithm.equals("sha256") && r != null && r.count == size) {
            try {
                // digest() resets: work on a copy so a refused completion can be retried
                return new Digest("sha256", HexFormat.of().formatHex(((MessageDigest) r.md.clone()).digest()));
            } catch (CloneNotSupportedException e) {
                running.remove(id);
            }
        }
        return io(() -> {
            try (InputStream in = bytes.openStaged(id)) {
                return Digester.of(in, algorithm);
            }
        });
    }

    /** Abandons the session and its bytes. */
    public void cancel(String repo, String id) {
        session(repo, id);
        registry.store().delete(Records.UPLOAD, id);
        discard(id);
    }

    /** Drops the staged bytes and in-memory state of a session (the record is already gone). */
    public void discard(String id) {
        running.remove(id);
        locks.remove(id);
        io(() -> bytes.discard(id));
    }

    /** A whole blob in one request (OCI single POST/PUT, or both halves of a monolithic upload). */
    public BlobLink monolithic(String repo, String digest, InputStream body) {
        if (Digest.parse(digest) == null) throw Problem.DIGEST_INVALID.with("Invalid digest " + digest + ".");
        Upload u = start(repo);
        try {
            return complete(repo, u.id(), digest, body, Problem.DIGEST_INVALID);
        } finally {
            if (registry.store().get(Records.UPLOAD, u.id()).isPresent()) cancel(repo, u.id());
        }
    }

    /** Cross-repository mount: links a blob visible in {@code from} (or, without from, anywhere) into {@code repo}. */
    public Optional<BlobLink> mount(String repo, String digest, String from) {
        if (Digest.parse(digest) == null) return Optional.empty();
        registry.repository(repo);
        boolean visible = from != null
                ? Names.validRepository(from) && registry.link(from, digest).isPresent()
                : registry.linkedAnywhere(digest);
        if (!visible) return Optional.empty();
        try {
            return Optional.of(registry.linkExisting(repo, digest));
        } catch (RegistryException e) {
            return Optional.empty();
        }
    }

    /** An I/O step whose failure is a server error. */
    interface IoStep<T> { T run() throws IOException; }

    static <T> T io(IoStep<T> step) {
        try {
            return step.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
