package io.dockyard.registry.bytes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;

/**
 * Where registry bytes live: immutable content-addressed objects under a key (a digest such as
 * {@code sha256:ab12...}), and staging areas that uploads append to and then commit under a key.
 * A commit is atomic: an object is either absent or complete under its key, never partial.
 */
public interface ByteStore {

    /** A stored object or staging area: its key (or staging id), size and last change. */
    record Stat(String key, long size, Instant modified) {}

    /** The size of the object, or -1 when there is none under the key. */
    long size(String key) throws IOException;

    /** The object's size and last change, if it is there. */
    java.util.Optional<Stat> stat(String key) throws IOException;

    /** Reads the object from {@code offset}; {@link java.nio.file.NoSuchFileException} if it is absent. */
    InputStream open(String key, long offset) throws IOException;

    /**
     * Where the object lives on the local filesystem, when it does (lets the HTTP layer send it with
     * file-channel reads instead of copying through a stream). Drivers without local files keep the default.
     */
    default java.util.Optional<java.nio.file.Path> localFile(String key) throws IOException { return java.util.Optional.empty(); }

    /**
     * A URL the client can fetch the object from directly (a presigned URL of an object store), for
     * pulls answered with a redirect; empty when the bytes are served through the registry.
     */
    default java.util.Optional<java.net.URI> downloadUrl(String key) throws IOException { return java.util.Optional.empty(); }

    /** Removes the object; true if it was there. */
    boolean delete(String key) throws IOException;

    /** Every stored object. */
    List<Stat> list() throws IOException;

    /** Marks an existing object as just written (keeps it out of garbage collection's grace window). */
    void touch(String key) throws IOException;

    /** The size of a staging area, or -1 when there is none. */
    long stagedSize(String id) throws IOException;

    /** Opens the staging area for appending, creating it when missing. */
    OutputStream append(String id) throws IOException;

    /** Reads a staging area from the start. */
    InputStream openStaged(String id) throws IOException;

    /**
     * Makes the staged bytes the object under {@code key}, atomically, and removes the staging area.
     * If the key already holds an object (same digest, same bytes) the staged copy is dropped and the
     * existing object is touched.
     */
    void commit(String id, String key) throws IOException;

    /**
     * Cuts a staging area back to its first {@code size} bytes (a failed upload close drops the bytes
     * it appended). The default copies through a second staging area; drivers with a cheaper way override it.
     */
    default void truncateStaged(String id, long size) throws IOException {
        String tmp = id + ".truncating";
        discard(tmp);
        try (InputStream in = openStaged(id); OutputStream out = append(tmp)) {
            byte[] buf = new byte[64 * 1024];
            long left = size;
            while (left > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) break;
                out.write(buf, 0, n);
                left -= n;
            }
        }
        discard(id);
        try (InputStream in = openStaged(tmp); OutputStream out = append(id)) {
            in.transferTo(out);
        }
        discard(tmp);
    }

    /** Removes a staging area; true if it was there. */
    boolean discard(String id) throws IOException;

    /** Every staging area. */
    List<Stat> listStaged() throws IOException;
}
