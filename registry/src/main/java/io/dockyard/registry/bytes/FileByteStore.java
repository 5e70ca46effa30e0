package io.dockyard.registry.bytes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The filesystem driver: objects under {@code <root>/blobs/<algorithm>/<first two hex>/<hex>},
 * staging areas under {@code <root>/uploads/<id>} on the same filesystem, so that a commit is an
 * fsync followed by an atomic rename.
 */
public final class FileByteStore implements ByteStore {
    private final Path blobs;
    private final Path uploads;

    public FileByteStore(Path root) {
        this.blobs = root.resolve("blobs");
        this.uploads = root.resolve("uploads");
        try {
            Files.createDirectories(blobs);
            Files.createDirectories(uploads);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + root, e);
        }
    }

    Path path(String key) {
        Keys.key(key);
        int colon = key.indexOf(':');
        String hex = key.substring(colon + 1);
        return blobs.resolve(key.substring(0, colon)).resolve(hex.substring(0, 2)).resolve(hex);
    }

    private Path staged(String id) {
        return uploads.resolve(Keys.id(id));
    }

    @Override
    public long size(String key) throws IOException {
        try {
            return Files.size(path(key));
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    @Override
    public java.util.Optional<Stat> stat(String key) throws IOException {
        List<Stat> one = new ArrayList<>(1);
        stat(path(key), key, one);
        return one.stream().findFirst();
    }

    @Override
    public InputStream open(String key, long offset) throws IOException {
        return openAt(path(key), offset);
    }

    private static InputStream openAt(Path p, long offset) throws IOException {
        SeekableByteChannel ch = Files.newByteChannel(p, StandardOpenOption.READ);
        try {
            ch.position(offset);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return Channels.newInputStream(ch);
    }

    @Override
    public java.util.Optional<Path> localFile(String key) {
        Path p = path(key);
        return Files.isRegularFile(p) ? java.util.Optional.of(p) : java.util.Optional.empty();
    }

    @Override
    public boolean delete(String key) throws IOException {
        return Files.deleteIfExists(path(key));
    }

    @Override
    public List<Stat> list() throws IOException {
        List<Stat> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(blobs, 3)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (blobs.relativize(p).getNameCount() != 3) continue;
                String key = p.getName(p.getNameCount() - 3) + ":" + p.getFileName();
                stat(p, key, out);
            }
        }
        return out;
    }

    private static void stat(Path p, String key, List<Stat> out) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            if (a.isRegularFile()) out.add(new Stat(key, a.size(), a.lastModifiedTime().toInstant()));
        } catch (IOException e) {
            // removed while listing
        }
    }

    @Override
    public void touch(String key) throws IOException {
        Files.setLastModifiedTime(path(key), FileTime.from(Instant.now()));
    }

    @Override
    public long stagedSize(String id) throws IOException {
        try {
            return Files.size(staged(id));
        } catch (NoSuchFileException e) {
            return -1;
        }
    }

    @Override
    public OutputStream append(String id) throws IOException {
        return Files.newOutputStream(staged(id), StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @Override
    public InputStream openStaged(String id) throws IOException {
        return openAt(staged(id), 0);
    }

    @Override
    public void commit(String id, String key) throws IOException {
        Path from = staged(id);
        Path to = path(key);
        try (FileChannel ch = FileChannel.open(from, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.createDirectories(to.getParent());
        if (Files.exists(to)) {
            Files.deleteIfExists(from);
            touch(key);
            return;
        }
        // the rename refreshes nothing: set the time so a young object is never collected
        Files.setLastModifiedTime(from, FileTime.from(Instant.now()));
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(from);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the blob and upload directories must be on one filesystem", e);
        }
    }

    @Override
    public void truncateStaged(String id, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(staged(id), StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    @Override
    public boolean discard(String id) throws IOException {
        return Files.deleteIfExists(staged(id));
    }

    @Override
    public List<Stat> listStaged() throws IOException {
        List<Stat> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(uploads)) {
            for (Path p : (Iterable<Path>) s::iterator) stat(p, p.getFileName().toString(), out);
        }
        return out;
    }
}
