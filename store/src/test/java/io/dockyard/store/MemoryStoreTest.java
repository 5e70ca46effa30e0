package io.dockyard.store;

import io.dockyard.core.port.Store;

class MemoryStoreTest extends StoreContractTest {
    private MemoryJournal journal;

    @Override
    protected Store open() {
        journal = new MemoryJournal();
        return new CachedStore(journal);
    }

    @Override
    protected Store reopen() { return new CachedStore(journal); }
}
