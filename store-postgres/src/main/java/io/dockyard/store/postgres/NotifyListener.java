package io.dockyard.store.postgres;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * LISTENs on one channel on its own connection (started with the first listener, reconnecting after a failure with a
 * growing pause) and hands every notification's payload to the listeners; after a reconnection each listener gets
 * {@code null} (anything may have changed while it was deaf).
 */
final class NotifyListener implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(NotifyListener.class);
    private final DatabaseUrl url;
    private final String channel;
    private final String threadName;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private Thread thread;

    NotifyListener(DatabaseUrl url, String channel, String threadName) {
        this.url = url;
        this.channel = channel;
        this.threadName = threadName;
    }

    synchronized void add(Consumer<String> listener) {
        listeners.add(listener);
        if (thread == null && !closed) thread = Thread.ofVirtual().name(threadName).start(this::listen);
    }

    private void listen() {
        long backoff = 200;
        while (!closed) {
            try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + channel);
                }
                backoff = 200;
                deliver(null);
                PGConnection pg = c.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] batch = pg.getNotifications(1000);
                    if (batch == null) continue;
                    for (PGNotification n : batch) deliver(n.getParameter());
                }
            } catch (SQLException e) {
                if (closed) return;
                log.warn("notifications on {} lost, reconnecting in {} ms: {}", channel, backoff, e.getMessage());
                try {
                    Thread.sleep(backoff);
                } catch (InterruptedException ie) {
                    return;
                }
                backoff = Math.min(backoff * 2, 5000);
            }
        }
    }

    private void deliver(String payload) {
        for (Consumer<String> l : listeners) {
            try {
                l.accept(payload);
            } catch (RuntimeException e) {
                log.warn("a listener of {} failed: {}", channel, e.toString());
            }
        }
    }

    @Override
    public void close() { closed = true; }
}
