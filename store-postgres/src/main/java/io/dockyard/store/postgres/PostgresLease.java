package io.dockyard.store.postgres;

import io.dockyard.core.port.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Leadership among replicas sharing one PostgreSQL database: a lease in the one-row table {@code leader}
 * (holder, term, expiry on the database's clock). The holder renews it every third of its length; a
 * replica takes it when it has expired, moving the term. This process counts itself leader only until
 * (start of its last successful renewal + lease − a fifth), by its own monotonic clock, so it stops
 * acting before the database lets anyone else take over — even when the database stops answering.
 * Writes made under a term are fenced by {@link PostgresJournal} against the current term.
 */
public final class PostgresLease implements Leadership {
    private static final Logger log = LoggerFactory.getLogger(PostgresLease.class);

    /** Default lease length: failover within about this long after the leader dies. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(4);

    private record Held(long term, long deadline) {}

    private final DatabaseUrl url;
    private final String node;
    private final String holder;
    private final Duration lease;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile Held held;
    private volatile String leader;
    private volatile boolean closed;
    private final Thread thread;

    private PostgresLease(DatabaseUrl url, String node, Duration lease) {
        this.url = url;
        this.node = node;
        this.holder = node + "/" + UUID.randomUUID().toString().substring(0, 8);
        this.lease = lease;
        this.thread = Thread.ofVirtual().name("leader-lease").unstarted(this::run);
    }

    /** Starts contending for the lease (the database's schema must exist: open the journal first). */
    public static PostgresLease start(DatabaseUrl url, String node, Duration lease) {
        PostgresLease l = new PostgresLease(url, node, lease);
        l.thread.start();
        return l;
    }

    @Override
    public long term() {
        Held h = held;
        return h == null || System.nanoTime() - h.deadline > 0 ? 0 : h.term;
    }

    @Override
    public String node() { return node; }

    @Override
    public String leader() {
        String l = leader;
        return l == null || l.isEmpty() ? null : l.substring(0, Math.max(0, l.lastIndexOf('/')));
    }

    @Override
    public long awaitLeading(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            long t;
            while ((t = term()) == 0) {
                long left = end - System.nanoTime();
                if (left <= 0 || closed) return 0;
                changed.awaitNanos(left);
            }
            return t;
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        Connection c = null;
        boolean reported = false;
        while (!closed) {
            long started = System.nanoTime();
            try {
                if (c == null) c = DriverManager.getConnection(url.jdbcUrl(), url.properties(Duration.ofSeconds(2), lease));
                long term = acquire(c);
                Held before = held;
                if (term > 0) {
                    set(new Held(term, started + lease.toNanos() - lease.toNanos() / 5));
                    leader = holder;
                    if (before == null || before.term != term) log.info("leading term={} node={}", term, node);
                } else {
                    if (before != null) log.info("no longer leading term={} node={} leader={}", before.term, node, leader());
                    set(null);
                }
                if (reported) log.info("leader lease: database reachable again");
                reported = false;
            } catch (SQLException e) {
                // Keep what we hold until its deadline (term() ends it by the clock); nobody else can take it sooner.
                if (!reported) log.warn("leader lease: cannot reach the database {}: {}", url.redacted(), e.getMessage());
                reported = true;
                closeQuietly(c);
                c = null;
            }
            try {
                Thread.sleep(term() > 0 ? lease.toMillis() / 3 : Math.min(500, lease.toMillis() / 4));
            } catch (InterruptedException e) {
                break;
            }
        }
        release(c);
        closeQuietly(c);
    }

    /** Takes or renews the lease; answers the term, or 0 when another replica holds it (then remembers which). */
    private long acquire(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE leader SET term = CASE WHEN holder = ? AND expires_at > clock_timestamp() THEN term ELSE term + 1 END, "
                        + "holder = ?, expires_at = clock_timestamp() + ? * interval '1 millisecond' "
                        + "WHERE id = 1 AND (holder = ? OR expires_at <= clock_timestamp()) RETURNING term")) {
            s.setQueryTimeout((int) Math.max(1, lease.toSeconds()));
            s.setString(1, holder);
            s.setString(2, holder);
            s.setLong(3, lease.toMillis());
            s.setString(4, holder);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) return rs.getLong(1);
            }
        }
        try (PreparedStatement s = c.prepareStatement("SELECT holder FROM leader WHERE id = 1 AND expires_at > clock_timestamp()");
             ResultSet rs = s.executeQuery()) {
            leader = rs.next() ? rs.getString(1) : null;
        }
        return 0;
    }

    /** On a clean stop, ends the lease at once so another replica takes over without waiting for it to expire. */
    private void release(Connection c) {
        Held h = held;
        set(null);
        if (c == null || h == null) return;
        try (PreparedStatement s = c.prepareStatement("UPDATE leader SET expires_at = clock_timestamp() WHERE id = 1 AND holder = ? AND term = ?")) {
            s.setQueryTimeout(1);
            s.setString(1, holder);
            s.setLong(2, h.term);
            s.executeUpdate();
            log.info("released the leader lease term={} node={}", h.term, node);
        } catch (SQLException e) {
            log.debug("could not release the leader lease: {}", e.getMessage());
        }
    }

    private void set(Held h) {
        lock.lock();
        try {
            held = h;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // already broken
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
