package io.dockyard.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteNativeTest {
    @TempDir Path dir;

    @Test
    void unpacksTheBundledLibraryOnceAndLeavesNoPartialFile() throws Exception {
        Path library = SqliteNative.unpack(dir);
        assertThat(library).isNotNull().startsWith(dir).isRegularFile();
        assertThat(library.getParent().getFileName().toString()).startsWith("sqlite-" + org.sqlite.SQLiteJDBCLoader.getVersion() + "-");
        String resource = "/org/sqlite/native/" + org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS() + "/" + library.getFileName();
        try (InputStream in = org.sqlite.SQLiteJDBCLoader.class.getResourceAsStream(resource)) {
            assertThat(Files.readAllBytes(library)).isEqualTo(in.readAllBytes());
        }
        FileTime written = FileTime.fromMillis(1_000_000_000L);
        Files.setLastModifiedTime(library, written);

        assertThat(SqliteNative.unpack(dir)).isEqualTo(library);
        assertThat(Files.getLastModifiedTime(library)).as("a second start reuses the copy").isEqualTo(written);
        try (Stream<Path> files = Files.walk(dir)) {
            assertThat(files.filter(Files::isRegularFile)).containsExactly(library);
        }
    }

    @Test
    void sqliteLoadsItsLibraryFromAStateDirectoryNotTheTemporaryOne() {
        SqliteJournal.open(dir.resolve("state.db"));
        // the first journal of this JVM chose the directory (this test's or an earlier test's, maybe deleted since)
        Path library = Path.of(System.getProperty("org.sqlite.lib.path"), System.getProperty("org.sqlite.lib.name"));
        assertThat(library.getParent().getParent().getFileName()).hasToString("native");
        assertThat(library.getParent().getFileName().toString()).startsWith("sqlite-");
    }
}
