package io.dockyard.store;

import io.dockyard.core.port.Kinds;
import io.dockyard.core.port.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteStoreTest extends StoreContractTest {
    @TempDir Path dir;

    @Override
    protected Store open() { return SqliteJournal.open(dir.resolve("state.db")); }

    @Override
    protected Store reopen() {
        store.close();
        return open();
    }

    @Test
    void aFileWrittenBeforeVersionsOpensWithEveryRecordAtVersionOne() throws Exception {
        store.close();
        Path old = dir.resolve("old.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + old);
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE records (kind TEXT NOT NULL, key TEXT NOT NULL, seq INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (kind, key))");
            try (PreparedStatement p = c.prepareStatement("INSERT INTO records VALUES (?,?,?,?)")) {
                p.setString(1, Kinds.CLUSTER.name());
                p.setString(2, "a");
                p.setLong(3, 7);
                p.setString(4, new Codec().write(cluster("a")));
                p.executeUpdate();
            }
        }
        store = SqliteJournal.open(old);
        assertThat(store.read(Kinds.CLUSTER, "a").orElseThrow().version()).isEqualTo(1);
        assertThat(store.get(Kinds.CLUSTER, "a")).contains(cluster("a"));
        assertThat(store.changes().head()).isZero();
        store.put(Kinds.CLUSTER, cluster("a").withStatus("INACTIVE"));
        store.put(Kinds.CLUSTER, cluster("b"));
        store.close();
        store = SqliteJournal.open(old);
        assertThat(store.read(Kinds.CLUSTER, "a").orElseThrow().version()).isEqualTo(2);
        assertThat(store.list(Kinds.CLUSTER)).extracting(c -> c.name()).containsExactly("a", "b");
        assertThat(store.changes().head()).isEqualTo(2);
    }
}
