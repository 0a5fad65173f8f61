package dev.codebasemcp.store.postgres;

import dev.codebasemcp.InvalidInputException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Read-only installation checks for the PostgreSQL store: URL, connection, server version, pgvector, the CREATEDB
 * privilege, the registry database and (optionally) the vector dimension of every project. Creates nothing; each
 * failure carries a fix, and no message contains the password.
 */
final class PostgresDoctor {

    static final int MIN_SERVER_VERSION = 130000;

    private PostgresDoctor() {
    }

    static List<DoctorCheck> run(String registryUrl, int embeddingDimension) {
        List<DoctorCheck> checks = new ArrayList<>();
        PostgresUrl url;
        try {
            url = PostgresUrl.parse(registryUrl);
        } catch (InvalidInputException e) {
            checks.add(DoctorCheck.fail("registry URL", e.getMessage(), "set REGISTRY_DATABASE_URL to "
                    + "postgresql://user:password@host:5432/codebase_mcp_registry"));
            return checks;
        }
        PostgresServer server = new PostgresServer(url);
        try (Connection c = PostgresStore.maintenance(server)) {
            checks.add(DoctorCheck.pass("connection", "connected to " + url + " as " + PostgresServer.currentUser(c)));
            checks.add(version(c));
            checks.add(pgvector(c));
            checks.add(createdb(c));
            checks.addAll(registry(server, c, embeddingDimension));
        } catch (SQLException e) {
            String fix = PostgresErrors.isAuthFailure(e.getSQLState())
                    ? "fix the user or password in REGISTRY_DATABASE_URL (or ~/.pgpass)" : PostgresServer.FIX_CONNECTION;
            checks.add(DoctorCheck.fail("connection", "cannot connect to " + url + ": "
                    + PostgresErrors.masked(e.getMessage(), url), fix));
        }
        return checks;
    }

    private static DoctorCheck version(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('server_version'), current_setting('server_version_num')::int")) {
            rs.next();
            String version = rs.getString(1);
            if (rs.getInt(2) < MIN_SERVER_VERSION) {
                return DoctorCheck.fail("server version", "PostgreSQL " + version, "use PostgreSQL 13 or newer (pgvector 0.8 "
                        + "needs it)");
            }
            return DoctorCheck.pass("server version", "PostgreSQL " + version);
        }
    }

    private static DoctorCheck pgvector(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT default_version FROM pg_available_extensions WHERE name = 'vector'")) {
            if (!rs.next()) {
                return DoctorCheck.fail("pgvector", "the 'vector' extension is not available on the server",
                        PostgresServer.FIX_PGVECTOR);
            }
            String version = rs.getString(1);
            int[] v = parseVersion(version);
            if (v[0] == 0 && v[1] < 5) {
                return DoctorCheck.fail("pgvector", "pgvector " + version + " has no HNSW index", "upgrade pgvector to 0.8 ("
                        + PostgresServer.FIX_PGVECTOR + ")");
            }
            String note = v[0] == 0 && v[1] < 8 ? " (before 0.8: no iterative index scans, so filtered semantic searches "
                    + "fall back to exact scans more often)" : "";
            return DoctorCheck.pass("pgvector", "pgvector " + version + " available" + note);
        }
    }

    private static DoctorCheck createdb(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_user, rolcreatedb, rolsuper FROM pg_roles WHERE rolname = current_user")) {
            if (!rs.next()) {
                return DoctorCheck.fail("CREATEDB privilege", "the current role is not in pg_roles",
                        "connect as a role that may create databases");
            }
            String user = rs.getString(1);
            if (rs.getBoolean(2) || rs.getBoolean(3)) {
                return DoctorCheck.pass("CREATEDB privilege", "role " + user + " may create project databases");
            }
            return DoctorCheck.fail("CREATEDB privilege", "role " + user + " may not create databases (one per project)",
                    "as a superuser run: ALTER ROLE " + PostgresServer.quote(user) + " CREATEDB;");
        }
    }

    /** The registry database: present (with its schema version and the vector extension) or creatable. */
    private static List<DoctorCheck> registry(PostgresServer server, Connection maintenance, int embeddingDimension)
            throws SQLException {
        String name = server.url().database();
        if (!PostgresServer.exists(maintenance, name)) {
            return List.of(DoctorCheck.pass("registry database", name + " does not exist yet; it is created on first start"));
        }
        List<DoctorCheck> checks = new ArrayList<>();
        List<String[]> projects = new ArrayList<>();
        try (Connection c = server.connect(name); Statement s = c.createStatement()) {
            String schema = "not migrated yet";
            if (tableExists(c, "flyway_schema_history")) {
                try (ResultSet rs = s.executeQuery("SELECT max(version) FROM flyway_schema_history WHERE success")) {
                    rs.next();
                    schema = "schema version " + rs.getString(1);
                }
            }
            boolean vector;
            try (ResultSet rs = s.executeQuery("SELECT extversion FROM pg_extension WHERE extname = 'vector'")) {
                vector = rs.next();
                schema += vector ? ", vector " + rs.getString(1) + " installed" : ", vector extension not installed yet";
            }
            checks.add(DoctorCheck.pass("registry database", name + " (" + schema + ")"));
            if (tableExists(c, "projects")) {
                try (ResultSet rs = s.executeQuery("SELECT name, database_name FROM projects ORDER BY name")) {
                    while (rs.next()) {
                        projects.add(new String[] {rs.getString(1), rs.getString(2)});
                    }
                }
            }
        }
        if (embeddingDimension > 0) {
            checks.add(dimensions(server, maintenance, projects, embeddingDimension));
        }
        return checks;
    }

    private static DoctorCheck dimensions(PostgresServer server, Connection maintenance, List<String[]> projects,
                                          int embeddingDimension) throws SQLException {
        List<String> mismatched = new ArrayList<>();
        int checked = 0;
        for (String[] p : projects) {
            if (!PostgresServer.exists(maintenance, p[1])) {
                continue;
            }
            try (Connection c = server.connect(p[1])) {
                if (!tableExists(c, "index_state")) {
                    continue;
                }
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT vector_dimension FROM index_state")) {
                    if (rs.next() && rs.getInt(1) != 0) {
                        checked++;
                        if (rs.getInt(1) != embeddingDimension) {
                            mismatched.add(p[0] + " (" + rs.getInt(1) + ")");
                        }
                    }
                }
            }
        }
        if (!mismatched.isEmpty()) {
            return DoctorCheck.fail("vector dimensions", "the embedding model produces " + embeddingDimension
                    + "-dimensional vectors but these projects store others: " + String.join(", ", mismatched),
                    "reindex them with force_reindex (or set EMBEDDING_MODEL back to the model they were indexed with)");
        }
        return DoctorCheck.pass("vector dimensions", checked + " indexed project(s) store " + embeddingDimension
                + "-dimensional vectors, as the embedding model produces");
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** {major, minor} of a version like {@code 0.8.0}; unknown parts are 0. */
    static int[] parseVersion(String version) {
        String[] parts = version == null ? new String[0] : version.split("\\.");
        int[] out = new int[2];
        for (int i = 0; i < 2 && i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].replaceAll("\\D.*", ""));
            } catch (NumberFormatException e) {
                out[i] = 0;
            }
        }
        return out;
    }
}
