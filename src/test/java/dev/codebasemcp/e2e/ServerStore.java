package dev.codebasemcp.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The store the end-to-end servers of a test run on: {@link #embedded()} (the data directory holds everything) or
 * {@link #postgres()} on a PostgreSQL server. On PostgreSQL each data directory (or named group of servers, see
 * {@link #env(String)}) gets its own registry database {@code cbm_it_registry_<random>}, so concurrent test runs on one
 * shared server never meet; {@link #close()} drops every registry it handed out and every {@code cb_proj_*} database
 * those registries list.
 */
final class ServerStore implements AutoCloseable {

    /** The shared test server; override with CODEBASE_MCP_TEST_POSTGRES_HOST / _PORT. */
    static final String HOST = System.getenv().getOrDefault("CODEBASE_MCP_TEST_POSTGRES_HOST", "127.0.0.1");
    static final int PORT = Integer.parseInt(System.getenv().getOrDefault("CODEBASE_MCP_TEST_POSTGRES_PORT", "5432"));

    private final String host;
    private final int port;
    private final boolean postgres;
    private final Map<String, String> registries = new ConcurrentHashMap<>();
    private final Set<String> extraDatabases = ConcurrentHashMap.newKeySet();

    private ServerStore(boolean postgres, String host, int port) {
        this.postgres = postgres;
        this.host = host;
        this.port = port;
    }

    static ServerStore embedded() {
        return new ServerStore(false, null, 0);
    }

    static ServerStore postgres() {
        return postgres(HOST, PORT);
    }

    static ServerStore postgres(String host, int port) {
        return new ServerStore(true, host, port);
    }

    boolean isPostgres() {
        return postgres;
    }

    /** What the health resource reports as {@code store.kind}. */
    String kind() {
        return postgres ? "postgres" : "embedded";
    }

    /** The environment for a server on data directory {@code home}: servers on one home share one registry. */
    Map<String, String> env(Path home) {
        return env(home.toAbsolutePath().toString());
    }

    /** The environment for a server of the group {@code registryKey}: one registry per key. */
    Map<String, String> env(String registryKey) {
        if (!postgres) {
            return Map.of();
        }
        String registry = registries.computeIfAbsent(registryKey,
                k -> "cbm_it_registry_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
        return Map.of("CODEBASE_MCP_STORE", "postgres", "REGISTRY_DATABASE_URL", registryUrl(registry));
    }

    String registryUrl(String registry) {
        return "postgresql://postgres@" + host + ":" + port + "/" + registry;
    }

    /** The registry database of {@code home} (PostgreSQL only). */
    String registryOf(Path home) {
        String r = registries.get(home.toAbsolutePath().toString());
        if (r == null) {
            throw new IllegalStateException("no server was started on " + home);
        }
        return r;
    }

    /** The default project's data-plane name: fixed when embedded; derived from the registry on PostgreSQL. */
    String defaultDatabase(Path home) throws Exception {
        if (!postgres) {
            return "cb_proj_default_00000000";
        }
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(registryOf(home).getBytes(StandardCharsets.UTF_8));
        return "cb_proj_default_" + HexFormat.of().formatHex(hash, 0, 4);
    }

    /** Whether the project's data plane exists: a directory under home, or a database on the server. */
    boolean dataPlaneExists(Path home, String databaseName) throws SQLException {
        if (!postgres) {
            return Files.isDirectory(home.resolve("projects").resolve(databaseName));
        }
        try (Connection c = admin(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + databaseName + "'")) {
            return rs.next();
        }
    }

    /**
     * Makes the project's data plane impossible to open: a plain file where its directory must go, or a database of
     * that name that refuses connections.
     */
    void breakDataPlane(Path home, String databaseName) throws Exception {
        if (!postgres) {
            Fixtures.write(home.resolve("projects").resolve(databaseName), "not a directory");
            return;
        }
        extraDatabases.add(databaseName);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + databaseName + "\" WITH ALLOW_CONNECTIONS false");
        }
    }

    /** A connection to a database of this store's server (PostgreSQL only). */
    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/" + database + "?user=postgres");
    }

    Connection admin() throws SQLException {
        return connect("postgres");
    }

    /** Drops every registry handed out and every project database they list; embedded: nothing to do. */
    @Override
    public void close() throws SQLException {
        if (!postgres) {
            return;
        }
        Set<String> drop = new LinkedHashSet<>(extraDatabases);
        List<String> regs = new ArrayList<>(registries.values());
        for (String registry : regs) {
            try (Connection c = connect(registry); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT database_name FROM projects")) {
                while (rs.next()) {
                    drop.add(rs.getString(1));
                }
            } catch (SQLException e) {
                // 3D000: the registry was never created (no server got that far); 42P01: not migrated yet.
                if (!"3D000".equals(e.getSQLState()) && !"42P01".equals(e.getSQLState())) {
                    throw e;
                }
            }
        }
        drop.addAll(regs);
        try (Connection c = admin(); Statement s = c.createStatement()) {
            for (String db : drop) {
                s.execute("DROP DATABASE IF EXISTS \"" + db + "\" WITH (FORCE)");
            }
        }
        registries.clear();
        extraDatabases.clear();
    }
}
