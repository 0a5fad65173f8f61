package dev.codebasemcp.store.postgres;

import static org.assertj.core.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The real PostgreSQL server the tests run against: {@code CODEBASE_MCP_TEST_POSTGRES_URL}, default
 * {@code postgresql://postgres@127.0.0.1:5432/}. Tests never skip: an unreachable server fails them with what to do.
 * Every test class works in databases named {@code cbm_test_<random>} (and projects with random ids) and drops them.
 */
final class PostgresTestServer {

    static final InstantSource CLOCK = InstantSource.fixed(Instant.parse("2030-01-01T00:00:00Z"));
    private static final String BASE = System.getenv().getOrDefault("CODEBASE_MCP_TEST_POSTGRES_URL",
            "postgresql://postgres@127.0.0.1:5432/");

    private PostgresTestServer() {
    }

    /** A fresh, unused database name for this run. */
    static String uniqueDatabase() {
        byte[] b = new byte[6];
        ThreadLocalRandom.current().nextBytes(b);
        return "cbm_test_" + HexFormat.of().formatHex(b);
    }

    /** The registry URL of {@code database} on the test server. */
    static String url(String database) {
        String base = BASE.endsWith("/") ? BASE : BASE + "/";
        int q = base.indexOf('?');
        return q < 0 ? base + database : base.substring(0, q) + database + base.substring(q);
    }

    /** Fails (never skips) with instructions when the server cannot be reached. */
    static void requireServer() {
        try (Connection c = admin()) {
            c.isValid(5);
        } catch (SQLException | RuntimeException e) {
            fail("PostgreSQL is not reachable at " + PostgresUrl.mask(BASE) + " (" + e.getMessage() + "). The PostgreSQL "
                    + "tests need a running server with pgvector: run scripts/install-pgvector.sh (as root; it also starts "
                    + "the cluster via scripts/pg-ensure-running.sh), or set CODEBASE_MCP_TEST_POSTGRES_URL.");
        }
    }

    /** A superuser-ish connection to the maintenance database. */
    static Connection admin() throws SQLException {
        PostgresUrl url = PostgresUrl.parse(url("postgres"));
        Properties p = url.properties();
        return DriverManager.getConnection(url.jdbcUrl(), p);
    }

    static void execute(String database, String sql) {
        PostgresUrl url = PostgresUrl.parse(url(database));
        try (Connection c = DriverManager.getConnection(url.jdbcUrl(), url.properties()); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " on " + database + " failed: " + e.getMessage(), e);
        }
    }

    /** Drops these databases, disconnecting whoever still uses them. */
    static void drop(Collection<String> databases) {
        try (Connection c = admin(); Statement s = c.createStatement()) {
            for (String db : List.copyOf(databases)) {
                s.execute("DROP DATABASE IF EXISTS " + PostgresServer.quote(db) + " WITH (FORCE)");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("dropping test databases " + databases + " failed: " + e.getMessage(), e);
        }
    }

    static boolean exists(String database) {
        try (Connection c = admin()) {
            return PostgresServer.exists(c, database);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
