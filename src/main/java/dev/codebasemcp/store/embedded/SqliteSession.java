package dev.codebasemcp.store.embedded;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SQLite connection with its prepared statements kept for reuse. Preparing the job SELECT (a join over 32
 * columns) costs about 100 us, several times more than running it, so statements are prepared once per connection.
 * Used by one thread at a time (the owner of the connection lock or the reader that borrowed it).
 */
final class SqliteSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SqliteSession.class);
    private static final int MAX_STATEMENTS = 64;

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= MAX_STATEMENTS) {
                return false;
            }
            closeQuietly(eldest.getValue());
            return true;
        }
    };

    SqliteSession(Connection connection) {
        this.connection = connection;
    }

    /**
     * A prepared statement for this SQL with no parameters bound. Owned by the session: close its result sets,
     * never the statement.
     */
    PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = statements.get(sql);
        if (ps == null) {
            ps = connection.prepareStatement(sql);
            statements.put(sql, ps);
        } else {
            ps.clearParameters();
        }
        return ps;
    }

    /** Runs a statement without parameters or results (transaction control, pragmas). */
    void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute(sql);
        }
    }

    Connection connection() {
        return connection;
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement ps : statements.values()) {
            closeQuietly(ps);
        }
        statements.clear();
        connection.close();
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException e) {
            // Dropping a cached statement; the connection itself is still fine.
            LOG.warn("closing a cached SQLite statement failed", e);
        }
    }
}
