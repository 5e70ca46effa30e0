package io.dockyard.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * SQLite's native library, unpacked once into the state directory ({@code native/}) and loaded from there. Left to
 * itself, sqlite-jdbc runs {@code uname -o} and unpacks its 1.1 MB library into the temporary directory on every start,
 * reads it back to compare, and a process killed with -9 leaves its copy behind (147 of them, 160 MB, in this machine's
 * /tmp after a day of tests). The copy is written under a temporary name and moved into place, so a start killed half-way
 * never leaves a torn file; a copy for this version and platform, once there, is reused. Once the library is loaded in the JVM, later calls change nothing.
 */
final class SqliteNative {
    private static boolean prepared; // under the class lock

    private SqliteNative() {}

    /** Points sqlite-jdbc at the library in {@code dir} (unpacking it first if needed); on any failure, leaves sqlite-jdbc's own way. */
    static synchronized void prepare(Path dir) {
        if (prepared || System.getProperty("org.sqlite.lib.path") != null) return;
        prepared = true;
        try {
            Path library = unpack(dir);
            if (library == null) return; // no bundled library for this platform: sqlite-jdbc looks on the library path itself
            System.setProperty("org.sqlite.lib.path", library.getParent().toString());
            System.setProperty("org.sqlite.lib.name", library.getFileName().toString());
            // Before loading, sqlite-jdbc lists its temporary directory to delete the copies other processes left there:
            // 60-90 ms on a /tmp of 5,000 entries, on every start. It unpacks nothing now, so it may clean our directory.
            if (System.getProperty("org.sqlite.tmpdir") == null) System.setProperty("org.sqlite.tmpdir", library.getParent().toString());
        } catch (IOException | RuntimeException | LinkageError e) {
            // an unwritable directory: sqlite-jdbc unpacks into the temporary directory as before
        }
    }

    /** The bundled library for this platform under {@code dir}, unpacked if it is not there yet; null when none is bundled. */
    static Path unpack(Path dir) throws IOException {
        String name = System.mapLibraryName("sqlitejdbc");
        String platform = (System.getProperty("os.name") + "-" + System.getProperty("os.arch")).replaceAll("[^A-Za-z0-9_.-]", "_");
        Path target = dir.resolve("sqlite-" + org.sqlite.SQLiteJDBCLoader.getVersion() + "-" + platform).resolve(name);
        if (Files.isRegularFile(target)) return target;
        // only now ask sqlite-jdbc which of its libraries fits (on Linux that runs `uname -o`, once, not on every start)
        String resource = "/org/sqlite/native/" + org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + name;
        try (InputStream in = org.sqlite.SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            if (in == null) return null;
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), name, ".part");
            try {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        return target;
    }
}
