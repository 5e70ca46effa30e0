package io.dockyard.store;

import io.dockyard.core.port.Store;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

class SqliteStoreTest extends StoreContractTest {
    @TempDir Path dir;

    @Override
    protected Store open() { return SqliteJournal.open(dir.resolve("state.db")); }

    @Override
    protected Store reopen() {
        store.close();
        return open();
    }
}
