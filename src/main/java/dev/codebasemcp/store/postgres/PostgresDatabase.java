package dev.codebasemcp.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * A connection pool on one database with the three ways this adapter uses it: single autocommit statements,
 * read-write transactions, and read-only snapshots. A {@link SQLException} is translated once, here, into an
 * {@link IllegalStateException} naming the database (and saying what to do when the server is unreachable).
 */
final class PostgresDatabase implements AutoCloseable {

    /** Work on a connection; may throw SQLException. */
    @FunctionalInterface
    interface SqlWork<T> {
        T run(Connection c) throws SQLException;
    }

    private final PostgresServer server;
    private final String name;
    private final HikariDataSource pool;

    PostgresDatabase(PostgresServer server, String name, int poolSize, int minimumIdle, String poolName) {
        this.server = server;
        this.name = name;
        this.pool = server.pool(name, poolSize, minimumIdle, poolName);
    }

    String name() {
        return name;
    }

    DataSource dataSource() {
        return pool;
    }

    /** Runs work in autocommit mode: each statement sees the latest commit and commits on its own. */
    <T> T autocommit(String what, SqlWork<T> work) {
        try (Connection c = borrow()) {
            return work.run(c);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** Runs work in one transaction: committed when it returns, rolled back when it throws. */
    <T> T transaction(String what, SqlWork<T> work) {
        return transaction(what, false, work);
    }

    /** Several reads on one consistent snapshot (repeatable read, read only). */
    <T> T snapshot(String what, SqlWork<T> work) {
        return transaction(what, true, work);
    }

    private <T> T transaction(String what, boolean readOnlySnapshot, SqlWork<T> work) {
        try (Connection c = borrow()) {
            c.setAutoCommit(false);
            if (readOnlySnapshot) {
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                c.setReadOnly(true);
            }
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                try {
                    c.rollback();
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    /** A pooled connection (autocommit on); the caller closes it to give it back. */
    Connection borrow() throws SQLException {
        if (pool.isClosed()) {
            throw new IllegalStateException("the connection pool of database " + name + " is closed");
        }
        return pool.getConnection();
    }

    /** Closes a borrowed connection for good instead of returning it to the pool (its session state is unknown). */
    void evict(Connection c) {
        pool.evictConnection(c);
    }

    IllegalStateException failure(String what, SQLException e) {
        if (PostgresErrors.isConnectionFailure(e) || PostgresErrors.isAuthFailure(e.getSQLState())) {
            // "what" is a verb phrase or a gerund depending on the caller; this reads right with both.
            return server.unavailable("reach database " + name + " (" + what + ")", e, e);
        }
        if (PostgresErrors.INVALID_CATALOG.equals(e.getSQLState())) {
            return new IllegalStateException("PostgreSQL database " + name + " no longer exists (" + what + "); it was "
                    + "dropped while in use; open the project again to re-create it, then reindex", e);
        }
        return new IllegalStateException("PostgreSQL " + what + " on database " + name + " failed: "
                + PostgresErrors.masked(e.getMessage(), server.url()), e);
    }

    @Override
    public void close() {
        pool.close();
    }
}
