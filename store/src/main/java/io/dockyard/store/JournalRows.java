package io.dockyard.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** How a SQL journal writes one row of a commit as a compare-and-set; shared by the SQL journals. */
public final class JournalRows {
    private JournalRows() {}

    /**
     * Writes the row with the statement its kind of write needs and answers the rows changed (1 when
     * the stored version was the expected one). Parameters: {@code insert} (kind, key, seq, version,
     * revision, body) must change nothing if a live row exists; {@code update} (version, revision,
     * body, kind, key, expected version); {@code delete} (kind, key, version).
     */
    public static int write(CachedStore.Row r, long revision, PreparedStatement insert, PreparedStatement update,
                            PreparedStatement delete) throws SQLException {
        if (r.deleted()) {
            delete.setString(1, r.kind());
            delete.setString(2, r.key());
            delete.setLong(3, r.version());
            return delete.executeUpdate();
        }
        if (r.expectedVersion() == 0) {
            insert.setString(1, r.kind());
            insert.setString(2, r.key());
            insert.setLong(3, r.seq());
            insert.setLong(4, r.version());
            insert.setLong(5, revision);
            insert.setString(6, r.body());
            return insert.executeUpdate();
        }
        update.setLong(1, r.version());
        update.setLong(2, revision);
        update.setString(3, r.body());
        update.setString(4, r.kind());
        update.setString(5, r.key());
        update.setLong(6, r.expectedVersion());
        return update.executeUpdate();
    }
}
