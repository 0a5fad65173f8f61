package dev.codebasemcp.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates project databases by copying a template that already holds the {@code vector} extension and the current
 * project schema: {@code CREATE DATABASE .. TEMPLATE} takes about a third of a second, where creating, installing the
 * extension and migrating took about a second (most of it Flyway).
 *
 * <p>The template, {@code codebase_mcp_template_<fingerprint of the project migrations>}, is built on first use under
 * a temporary name and then renamed, so nobody ever copies a half-built one and concurrent builders just drop the
 * loser's copy. It refuses connections (a connected session would make copies fail). It is only used when the current
 * role owns it (copied tables keep their owner); otherwise, and whenever a copy fails for another reason, the database
 * is created from scratch and migrated as usual.
 */
final class PostgresProjectTemplate {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresProjectTemplate.class);
    static final String PREFIX = "codebase_mcp_template_";
    private static final String OBJECT_IN_USE = "55006";

    private final PostgresServer server;
    private final String name = currentName();
    private volatile boolean usable = true;

    PostgresProjectTemplate(PostgresServer server) {
        this.server = server;
    }

    /** The template's name for the project schema of this build. */
    static String currentName() {
        return PREFIX + PostgresMigrations.PROJECT.fingerprint();
    }

    /**
     * Creates {@code database} unless it exists; returns whether it was copied from the template (then it already has
     * the extension and the schema). Safe for concurrent callers.
     */
    boolean createDatabase(Connection c, String database) throws SQLException {
        if (PostgresServer.exists(c, database)) {
            return false;
        }
        if (usable && ensureTemplate(c)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + PostgresServer.quote(database) + " TEMPLATE " + PostgresServer.quote(name));
                LOG.info("created database {} from template {}", database, name);
                return true;
            } catch (SQLException e) {
                String state = e.getSQLState();
                if (PostgresErrors.DUPLICATE_DATABASE.equals(state) || PostgresErrors.UNIQUE_VIOLATION.equals(state)) {
                    return false;
                }
                if (PostgresErrors.INVALID_CATALOG.equals(state)) {
                    // Dropped under us (e.g. by a newer version's build): build it again next time.
                    LOG.warn("template {} disappeared; creating {} from scratch", name, database);
                    PostgresServer.createIfMissing(c, database);
                    return false;
                }
                if (!OBJECT_IN_USE.equals(state) && !PostgresErrors.INSUFFICIENT_PRIVILEGE.equals(state)) {
                    throw e;
                }
                LOG.warn("cannot copy template {} ({}); creating {} from scratch", name, e.getMessage(), database);
            }
        }
        PostgresServer.createIfMissing(c, database);
        return false;
    }

    /** Whether the template exists (building it if needed) and this role may use it. */
    private boolean ensureTemplate(Connection c) throws SQLException {
        String owner = owner(c);
        if (owner == null) {
            build(c);
            owner = owner(c);
        }
        boolean mine = owner != null && owner.equals(PostgresServer.currentUser(c));
        if (!mine) {
            LOG.info("template database {} belongs to role {}, not this one; project databases are created from scratch",
                    name, owner);
            usable = false;
        }
        return mine;
    }

    private String owner(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private void build(Connection c) throws SQLException {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        String building = name + "_" + HexFormat.of().formatHex(random);
        PostgresServer.createIfMissing(c, building);
        try {
            try (PostgresDatabase db = new PostgresDatabase(server, building, 2, 0, "cbm-template-build")) {
                db.autocommit("installing the vector extension", b -> {
                    PostgresServer.ensureVectorExtension(b, building);
                    return null;
                });
                PostgresMigrations.migrate(db.dataSource(), PostgresMigrations.PROJECT, building);
            }
            try (Statement s = c.createStatement()) {
                s.execute("ALTER DATABASE " + PostgresServer.quote(building) + " WITH ALLOW_CONNECTIONS false");
                s.execute("ALTER DATABASE " + PostgresServer.quote(building) + " RENAME TO " + PostgresServer.quote(name));
                LOG.info("built the project template database {}", name);
                dropStale(c);
                return;
            } catch (SQLException e) {
                if (!PostgresErrors.DUPLICATE_DATABASE.equals(e.getSQLState())) {
                    throw e;
                }
                // Another process finished its template first: use that one.
            }
            drop(c, building);
        } catch (SQLException | RuntimeException e) {
            try {
                drop(c, building);
            } catch (SQLException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /**
     * Drops finished templates of other schema versions (left by earlier builds of codebase-mcp) that this role owns.
     * Templates being built have a longer name and are left alone.
     */
    private void dropStale(Connection c) throws SQLException {
        List<String> stale = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT datname FROM pg_database WHERE datname ~ ? AND datname <> ? "
                + "AND pg_get_userbyid(datdba) = current_user")) {
            ps.setString(1, "^" + PREFIX + "[0-9a-f]{8}$");
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    stale.add(rs.getString(1));
                }
            }
        }
        for (String old : stale) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + PostgresServer.quote(old));
                LOG.info("dropped the template database {} of an earlier schema", old);
            } catch (SQLException e) {
                // Someone is copying it right now (or it is otherwise in use): leave it for the next build.
                LOG.info("could not drop the old template database {} yet: {}", old, e.getMessage());
            }
        }
    }

    private static void drop(Connection c, String database) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + PostgresServer.quote(database) + " WITH (FORCE)");
        }
    }
}
