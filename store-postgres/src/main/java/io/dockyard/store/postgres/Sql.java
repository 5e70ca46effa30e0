package io.dockyard.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** Short forms of JDBC calls: a statement with its parameters, an update, a query that finds a row. */
final class Sql {
    private Sql() {}

    static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement s = c.prepareStatement(sql);
        for (int i = 0; i < params.length; i++) {
            if (params[i] == null) s.setNull(i + 1, Types.INTEGER);
            else s.setObject(i + 1, params[i]);
        }
        return s;
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params)) {
            return s.executeUpdate();
        }
    }

    static boolean exists(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = prepare(c, sql, params); ResultSet rs = s.executeQuery()) {
            return rs.next();
        }
    }

    /** Prepared on the server at once, so rows come in binary: the messages as their bytes, not hex text to decode. */
    static void binary(PreparedStatement s) throws SQLException {
        s.unwrap(org.postgresql.PGStatement.class).setPrepareThreshold(-1);
    }
}
