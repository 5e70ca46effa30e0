package io.dockyard.store.postgres;

import io.dockyard.core.port.Leadership;
import io.dockyard.store.CachedStore;
import io.dockyard.store.StoreContractTest;
import io.dockyard.store.StoreContractTest.Item;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The leader lease on a real PostgreSQL: one leader at a time, hand-over on stop, takeover on expiry, fenced writes. */
class PostgresLeaseTest {
    private static final TestDatabases databases = new TestDatabases();
    private static final Duration LEASE = Duration.ofSeconds(1);

    @AfterAll
    static void drop() { databases.dropAll(); }

    private static Leadership awaitLeader(List<Leadership> replicas, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end) {
            List<Leadership> leading = replicas.stream().filter(Leadership::leading).toList();
            assertThat(leading).as("never two leaders").hasSizeLessThanOrEqualTo(1);
            if (leading.size() == 1) return leading.getFirst();
            Thread.sleep(20);
        }
        throw new AssertionError("no replica leads after " + within);
    }

    @Test
    void oneReplicaLeadsAndAnotherTakesOverWhenItStops() throws Exception {
        DatabaseUrl url = databases.create();
        try (CachedStore schema = PostgresJournal.open(url);
             PostgresLease a = PostgresLease.start(url, "a", LEASE);
             PostgresLease b = PostgresLease.start(url, "b", LEASE)) {
            Leadership first = awaitLeader(List.of(a, b), Duration.ofSeconds(5));
            PostgresLease other = first == a ? b : a;
            long term = first.term();
            assertThat(term).isPositive();
            // The standby learns who leads.
            long end = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (other.leader() == null && System.nanoTime() < end) Thread.sleep(20);
            assertThat(other.leader()).isEqualTo(first.node());
            Thread.sleep(LEASE.toMillis() * 2);
            assertThat(first.term()).as("renewals keep the term").isEqualTo(term);
            assertThat(other.leading()).isFalse();

            long stopped = System.nanoTime();
            first.close(); // a clean stop releases the lease at once
            assertThat(other.awaitLeading(Duration.ofSeconds(3))).isGreaterThan(term);
            assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isLessThan(LEASE.plusMillis(500));
        }
    }

    @Test
    void aLeaderThatStopsRenewingIsReplacedAfterItsLeaseAndItsOldTermIsFenced() throws Exception {
        DatabaseUrl url = databases.create();
        try (CachedStore store = PostgresJournal.open(url);
             PostgresLease a = PostgresLease.start(url, "a", LEASE)) {
            long term = a.awaitLeading(Duration.ofSeconds(5));
            assertThat(term).isPositive();
            Leadership.under(term, () -> { store.put(StoreContractTest.ITEM, new Item("x", "g", 1)); return null; });

            // Another replica takes the lease (as after a's lease expired while it was cut off).
            try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password()); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE leader SET holder = 'z/1', term = term + 1, expires_at = clock_timestamp() + interval '1 minute'");
            }
            long head = store.changes().head();
            assertThatThrownBy(() -> Leadership.under(term, () -> { store.put(StoreContractTest.ITEM, new Item("x", "g", 2)); return null; }))
                    .isInstanceOf(Leadership.FencedException.class);
            assertThat(store.get(StoreContractTest.ITEM, "x").orElseThrow().n()).as("the refused write changed nothing").isEqualTo(1);
            assertThat(store.changes().head()).isEqualTo(head);
            store.put(StoreContractTest.ITEM, new Item("y", "g", 1)); // API writes carry no term and pass

            // a notices within its lease and stops leading; it knows the new leader.
            long end = System.nanoTime() + LEASE.toNanos() + Duration.ofMillis(500).toNanos();
            while (a.leading() && System.nanoTime() < end) Thread.sleep(10);
            assertThat(a.leading()).isFalse();
            assertThat(a.leader()).isEqualTo("z");
        }
    }

    @Test
    void aLeaseThatExpiredIsTakenUnderANewTerm() throws Exception {
        DatabaseUrl url = databases.create();
        try (CachedStore schema = PostgresJournal.open(url)) {
            try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password()); Statement s = c.createStatement()) {
                s.executeUpdate("UPDATE leader SET holder = 'dead/1', term = 7, expires_at = clock_timestamp() + interval '700 milliseconds'");
            }
            try (PostgresLease a = PostgresLease.start(url, "a", LEASE)) {
                Thread.sleep(300);
                assertThat(a.leading()).as("the dead leader's lease has not expired yet").isFalse();
                assertThat(a.awaitLeading(Duration.ofSeconds(3))).isEqualTo(8);
            }
        }
    }
}
