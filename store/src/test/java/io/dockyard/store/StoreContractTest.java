package io.dockyard.store;

import io.dockyard.core.model.Cluster;
import io.dockyard.core.model.Tag;
import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract every store backend passes. A backend's test extends this and says how to open a
 * store and how to open it again on the same durable state ({@link #reopen()}).
 */
public abstract class StoreContractTest {
    protected Store store;

    protected abstract Store open();

    /** Closes the current store and opens a new one on the same durable state. */
    protected abstract Store reopen();

    @BeforeEach
    void setUp() { store = open(); }

    @AfterEach
    void tearDown() { store.close(); }

    static Cluster cluster(String name) {
        return new Cluster("arn:aws:ecs:us-east-1:000000000000:cluster/" + name, name, "ACTIVE", List.of(), null, List.of(),
                List.of(), null, List.of(new Tag("k", "v")), Instant.parse("2026-01-02T03:04:05.678Z"));
    }

    @Test
    void putThenGetReturnsEqualRecord() {
        store.put(Kinds.CLUSTER, cluster("a"));
        assertThat(store.get(Kinds.CLUSTER, "a")).contains(cluster("a"));
        assertThat(store.get(Kinds.CLUSTER, "missing")).isEmpty();
    }

    @Test
    void listKeepsFirstStoredOrderAcrossUpdates() {
        store.put(Kinds.CLUSTER, cluster("b"));
        store.put(Kinds.CLUSTER, cluster("a"));
        store.put(Kinds.CLUSTER, cluster("c"));
        store.put(Kinds.CLUSTER, cluster("b").withStatus("INACTIVE"));
        assertThat(store.list(Kinds.CLUSTER)).extracting(Cluster::name).containsExactly("b", "a", "c");
        assertThat(store.list(Kinds.CLUSTER, c -> c.status().equals("INACTIVE"))).extracting(Cluster::name).containsExactly("b");
    }

    @Test
    void deleteRemovesAndReportsPresence() {
        store.put(Kinds.CLUSTER, cluster("a"));
        assertThat(store.delete(Kinds.CLUSTER, "a")).isTrue();
        assertThat(store.delete(Kinds.CLUSTER, "a")).isFalse();
        assertThat(store.list(Kinds.CLUSTER)).isEmpty();
    }

    @Test
    void failedTransactionLeavesNothing() {
        store.put(Kinds.CLUSTER, cluster("keep"));
        assertThatThrownBy(() -> store.atomically(() -> {
            store.put(Kinds.CLUSTER, cluster("a"));
            store.delete(Kinds.CLUSTER, "keep");
            assertThat(store.get(Kinds.CLUSTER, "a")).isPresent();
            assertThat(store.get(Kinds.CLUSTER, "keep")).isEmpty();
            throw new IllegalStateException("boom");
        })).hasMessage("boom");
        assertThat(store.list(Kinds.CLUSTER)).extracting(Cluster::name).containsExactly("keep");
    }

    @Test
    void stateSurvivesReopen() {
        store.put(Kinds.CLUSTER, cluster("x").withConfiguration(Map.of("executeCommandConfiguration", Map.of("logging", "DEFAULT")), null));
        store.put(Kinds.CLUSTER, cluster("y"));
        store.delete(Kinds.CLUSTER, "y");
        store = reopen();
        assertThat(store.list(Kinds.CLUSTER)).hasSize(1);
        assertThat(store.get(Kinds.CLUSTER, "x").orElseThrow().configuration())
                .isEqualTo(Map.of("executeCommandConfiguration", Map.of("logging", "DEFAULT")));
        store.put(Kinds.CLUSTER, cluster("z"));
        assertThat(store.list(Kinds.CLUSTER)).extracting(Cluster::name).containsExactly("x", "z");
    }

    @Test
    void clearRemovesEverything() {
        store.put(Kinds.CLUSTER, cluster("a"));
        store.clear();
        assertThat(store.list(Kinds.CLUSTER)).isEmpty();
        store = reopen();
        assertThat(store.list(Kinds.CLUSTER)).isEmpty();
    }
}
