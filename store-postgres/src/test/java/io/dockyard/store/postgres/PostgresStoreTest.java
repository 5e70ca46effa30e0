package io.dockyard.store.postgres;

import io.dockyard.core.port.Store;
import io.dockyard.store.StoreContractTest;
import org.junit.jupiter.api.AfterAll;

/** The store contract on PostgreSQL. */
class PostgresStoreTest extends StoreContractTest {
    private static final TestDatabases databases = new TestDatabases();
    private DatabaseUrl url;

    @Override
    protected Store open() {
        url = databases.create();
        return PostgresJournal.open(url);
    }

    @Override
    protected Store reopen() {
        store.close();
        return PostgresJournal.open(url);
    }

    @AfterAll
    static void drop() { databases.dropAll(); }
}
