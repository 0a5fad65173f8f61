package dev.codebasemcp.store.postgres;

import dev.codebasemcp.store.StoreUnavailableException;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL server as the store sees it: connection pools per database, and creating databases and the
 * {@code vector} extension idempotently, safe when several threads or processes do it at once.
 */
final class PostgresServer {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresServer.class);
    static final String MAINTENANCE_DATABASE = "postgres";
    static final String FIX_CONNECTION = "start PostgreSQL or fix REGISTRY_DATABASE_URL";
    static final String FIX_PGVECTOR = "run scripts/install-pgvector.sh or install pgvector for your PostgreSQL";
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]{0,62}");
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private final PostgresUrl url;

    PostgresServer(PostgresUrl url) {
        this.url = url;
    }

    PostgresUrl url() {
        return url;
    }

    /**
     * A small pool on {@code database}; fails at once (with a message saying what to do) when it cannot connect.
     * {@code minimumIdle} 0 lets the pool of an idle project shrink to nothing, so a process that opened many
     * projects does not sit on max_connections.
     */
    HikariDataSource pool(String database, int size, int minimumIdle, String poolName) {
        PostgresUrl target = url.forDatabase(database);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(target.jdbcUrl());
        config.setDataSourceProperties(withDefaults(target.properties()));
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(minimumIdle);
        config.setIdleTimeout(60_000);
        config.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS * 1000L);
        config.setInitializationFailTimeout(1);
        config.setPoolName(poolName);
        config.setRegisterMbeans(false);
        try {
            return new HikariDataSource(config);
        } catch (HikariPool.PoolInitializationException e) {
            throw unavailable("connect to database " + database, e.getCause() instanceof SQLException s ? s : null, e);
        }
    }

    /** A plain connection outside any pool (setup work: creating the registry database). */
    Connection connect(String database) throws SQLException {
        PostgresUrl target = url.forDatabase(database);
        return DriverManager.getConnection(target.jdbcUrl(), withDefaults(target.properties()));
    }

    private static Properties withDefaults(Properties p) {
        p.putIfAbsent("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        p.putIfAbsent("ApplicationName", "codebase-mcp");
        p.putIfAbsent("tcpKeepAlive", "true");
        return p;
    }

    /** Whether the database exists (pg_database is shared, so any connection of the server can tell). */
    static boolean exists(Connection c, String database) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Creates the database unless it exists; returns whether this call created it. Concurrent creators are fine:
     * the loser's duplicate_database (or unique violation on pg_database) means it exists now.
     */
    static boolean createIfMissing(Connection c, String database) throws SQLException {
        if (!SAFE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("refusing to create database '" + database + "': not a plain identifier");
        }
        if (exists(c, database)) {
            return false;
        }
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + quote(database));
            LOG.info("created database {}", database);
            return true;
        } catch (SQLException e) {
            if (PostgresErrors.DUPLICATE_DATABASE.equals(e.getSQLState()) || PostgresErrors.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                return false;
            }
            if (PostgresErrors.INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                throw new IllegalStateException("cannot create database " + database + ": the PostgreSQL role "
                        + currentUser(c) + " lacks the CREATEDB privilege; run 'ALTER ROLE " + currentUser(c)
                        + " CREATEDB;' as a superuser, or create the database yourself ('CREATE DATABASE " + database
                        + " OWNER " + currentUser(c) + ";')", e);
            }
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    /**
     * Installs the {@code vector} extension in the connected database unless present. Serialised by a transaction
     * advisory lock, since concurrent {@code CREATE EXTENSION IF NOT EXISTS} can still collide.
     */
    static void ensureVectorExtension(Connection c, String database) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_advisory_xact_lock(" + PostgresErrors.EXTENSION_LOCK + ")");
            boolean installed;
            try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_extension WHERE extname = 'vector'")) {
                installed = rs.next();
            }
            if (!installed) {
                boolean available;
                try (ResultSet rs = s.executeQuery("SELECT 1 FROM pg_available_extensions WHERE name = 'vector'")) {
                    available = rs.next();
                }
                if (!available) {
                    throw new IllegalStateException("the PostgreSQL server has no 'vector' extension (pgvector), which "
                            + "database " + database + " needs; " + FIX_PGVECTOR);
                }
                try {
                    s.execute("CREATE EXTENSION IF NOT EXISTS vector");
                } catch (SQLException e) {
                    if (PostgresErrors.INSUFFICIENT_PRIVILEGE.equals(e.getSQLState())) {
                        throw new IllegalStateException("cannot install the 'vector' extension in database " + database
                                + ": the role " + currentUser(c) + " may not create it; as a superuser run "
                                + "'CREATE EXTENSION vector;' in template1 (new databases inherit it) and in " + database, e);
                    }
                    throw e;
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    static String currentUser(Connection c) {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_user")) {
            return rs.next() ? rs.getString(1) : "(unknown)";
        } catch (SQLException e) {
            return "(unknown)";
        }
    }

    /** A double-quoted identifier; callers validate names first, quoting is the second line of defence. */
    static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** The exception for "cannot reach / log in to the server", with what to do about it. */
    StoreUnavailableException unavailable(String what, SQLException cause, Exception wrapper) {
        String state = cause == null ? null : cause.getSQLState();
        String detail = cause != null ? cause.getMessage() : wrapper.getMessage();
        String fix;
        if (PostgresErrors.isAuthFailure(state)) {
            fix = "fix the user or password in REGISTRY_DATABASE_URL (or ~/.pgpass)";
        } else if (PostgresErrors.INVALID_CATALOG.equals(state)) {
            fix = "the database does not exist; create it or let codebase-mcp create it (needs CREATEDB)";
        } else {
            fix = FIX_CONNECTION;
        }
        return new StoreUnavailableException("cannot " + what + " on PostgreSQL " + url + ": " + PostgresErrors.masked(detail, url)
                + "; " + fix, wrapper);
    }
}
