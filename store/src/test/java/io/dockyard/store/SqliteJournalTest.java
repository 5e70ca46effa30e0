package io.dockyard.store;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteJournalTest extends JournalContractTest {
    @TempDir Path dir;

    @Override protected CachedStore.Journal journal() { return new SqliteJournal(dir.resolve("state.db")); }
}
