package io.dockyard.store;

import org.junit.jupiter.api.Test;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A journal's commit is a compare-and-set on versions and on the head revision; a refused commit writes nothing. */
public abstract class JournalContractTest {
    protected abstract CachedStore.Journal journal();

    static CachedStore.Row row(String key, long version, long revision, String body) {
        return new CachedStore.Row("k", key, 1, version, revision, body);
    }

    @Test
    public void commitsAreCompareAndSet() {
        try (CachedStore.Journal j = journal()) {
            j.commit(1, List.of(row("a", 1, 1, "{}")));
            assertThatThrownBy(() -> j.commit(1, List.of(row("b", 1, 1, "{}")))).isInstanceOf(CachedStore.ConflictException.class);
            assertThatThrownBy(() -> j.commit(2, List.of(row("a", 1, 2, "{}")))).as("a is at 1, not absent").isInstanceOf(CachedStore.ConflictException.class);
            assertThatThrownBy(() -> j.commit(2, List.of(row("b", 1, 2, "{}"), row("a", 3, 2, "{}")))).isInstanceOf(CachedStore.ConflictException.class);
            assertThatThrownBy(() -> j.commit(2, List.of(row("a", 2, 2, null)))).as("delete of the wrong version").isInstanceOf(CachedStore.ConflictException.class);
            CachedStore.Loaded loaded = j.load();
            assertThat(loaded.head()).isEqualTo(1);
            assertThat(loaded.rows()).extracting(CachedStore.Row::key).containsExactly("a");
            j.commit(2, List.of(row("a", 2, 2, "{\"x\":1}"), row("b", 1, 2, "{}")));
            j.commit(3, List.of(row("b", 1, 3, null)));
            loaded = j.load();
            assertThat(loaded.head()).isEqualTo(3);
            assertThat(loaded.rows()).containsExactly(row("a", 2, 2, "{\"x\":1}"));
            j.clear(4);
            assertThat(j.load()).isEqualTo(new CachedStore.Loaded(List.of(), 4));
        }
    }
}
