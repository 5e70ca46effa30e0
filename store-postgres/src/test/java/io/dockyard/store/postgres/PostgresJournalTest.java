package io.dockyard.store.postgres;

import io.dockyard.store.CachedStore;
import io.dockyard.store.JournalContractTest;
import org.junit.jupiter.api.AfterAll;

/** The journal contract (compare-and-set commits) on PostgreSQL. */
class PostgresJournalTest extends JournalContractTest {
    private static final TestDatabases databases = new TestDatabases();

    @Override
    protected CachedStore.Journal journal() { return new PostgresJournal(databases.create()); }

    @AfterAll
    static void drop() { databases.dropAll(); }
}
