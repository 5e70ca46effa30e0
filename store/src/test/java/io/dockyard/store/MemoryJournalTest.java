package io.dockyard.store;

class MemoryJournalTest extends JournalContractTest {
    @Override protected CachedStore.Journal journal() { return new MemoryJournal(); }
}
