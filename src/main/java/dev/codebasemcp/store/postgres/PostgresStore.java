package dev.codebasemcp.store.postgres;

import dev.codebasemcp.store.ChunkStore;
import dev.codebasemcp.store.EmbeddingCache;
import dev.codebasemcp.store.Registry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;

/**
 * The PostgreSQL + pgvector store: the control plane (project registry, job table, embedding cache) in the registry
 * database, and one data-plane database per project on the same server.
 *
 * <pre>{@code
 * try (PostgresStore store = PostgresStore.connect(settings.registryDatabaseUrl(), clock)) {
 *     Registry registry = store.registry();
 *     JobStore jobs = store.jobs();
 *     ChunkStore chunks = store.chunks();
 * }
 * }</pre>
 *
 * Thread-safe; any number of processes may connect to the same server and share projects and jobs. Close it once at
 * shutdown (closes every pool).
 */
public final class PostgresStore implements AutoCloseable {

    static final int REGISTRY_POOL_SIZE = 4;

    private final PostgresServer server;
    private final PostgresDatabase registryDb;
    private final PostgresRegistry registry;
    private final PostgresJobStore jobs;
    private final PostgresChunkStore chunks;
    private final InstantSource clock;

    private PostgresStore(PostgresServer server, PostgresDatabase registryDb, InstantSource clock) {
        this.server = server;
        this.registryDb = registryDb;
        this.registry = new PostgresRegistry(registryDb, clock);
        this.jobs = new PostgresJobStore(registryDb);
        this.chunks = new PostgresChunkStore(server, registryDb);
        this.clock = clock;
    }

    /**
     * Connects to the registry database, creating it (through the {@code postgres} maintenance database) when it
     * does not exist, installing the {@code vector} extension and migrating its schema. Idempotent.
     *
     * @param registryUrl {@code jdbc:postgresql://host:port/db?user=..&password=..} or
     *                    {@code postgresql://user:password@host:port/db}; the database defaults to
     *                    {@code codebase_mcp_registry}
     * @param clock       the time source for registry timestamps (job methods take their time as an argument)
     * @throws dev.codebasemcp.InvalidInputException when the URL is malformed
     * @throws IllegalStateException when the server is unreachable, refuses the login, lacks pgvector or CREATEDB;
     *                               the message says what to do (and never contains the password)
     */
    public static PostgresStore connect(String registryUrl, InstantSource clock) {
        Objects.requireNonNull(clock, "clock");
        PostgresUrl url = PostgresUrl.parse(registryUrl);
        PostgresServer server = new PostgresServer(url);
        ensureRegistryDatabase(server);
        PostgresDatabase registryDb = new PostgresDatabase(server, url.database(), REGISTRY_POOL_SIZE, 1, "cbm-registry");
        try {
            registryDb.autocommit("installing the vector extension", c -> {
                PostgresServer.ensureVectorExtension(c, url.database());
                return null;
            });
            PostgresMigrations.migrate(registryDb.dataSource(), PostgresMigrations.REGISTRY, url.database());
            return new PostgresStore(server, registryDb, clock);
        } catch (RuntimeException e) {
            registryDb.close();
            throw e;
        }
    }

    private static void ensureRegistryDatabase(PostgresServer server) {
        String name = server.url().database();
        try {
            server.connect(name).close();
            return;
        } catch (SQLException e) {
            if (!PostgresErrors.INVALID_CATALOG.equals(e.getSQLState())) {
                throw server.unavailable("connect to the registry database", e, e);
            }
        }
        try (Connection c = maintenance(server)) {
            PostgresServer.createIfMissing(c, name);
        } catch (SQLException e) {
            throw server.unavailable("create the registry database " + name, e, e);
        }
    }

    /** A connection to the maintenance database {@code postgres}, or {@code template1} where that was dropped. */
    static Connection maintenance(PostgresServer server) throws SQLException {
        try {
            return server.connect(PostgresServer.MAINTENANCE_DATABASE);
        } catch (SQLException e) {
            if (PostgresErrors.INVALID_CATALOG.equals(e.getSQLState())) {
                return server.connect("template1");
            }
            throw e;
        }
    }

    /** The project registry. */
    public Registry registry() {
        return registry;
    }

    /**
     * The job table: a {@link dev.codebasemcp.store.JobStore}, typed as the adapter so that
     * {@link PostgresJobStore#saveCheckpoint} is reachable until the port has it.
     */
    public PostgresJobStore jobs() {
        return jobs;
    }

    /**
     * The shared embedding cache in the registry database, keeping about {@code maxEntries} vectors (least recently
     * used evicted). Call once per process: each instance counts its own inserts between checks of the cap.
     */
    public EmbeddingCache embeddingCache(long maxEntries) {
        return new PostgresEmbeddingCache(registryDb, clock, maxEntries);
    }

    /** The per-project data planes. */
    public ChunkStore chunks() {
        return chunks;
    }

    /** Where this store lives, with the password masked, e.g. {@code postgresql://me:****@db:5432/codebase_mcp_registry}. */
    public String location() {
        return server.url().toString();
    }

    /** Checks connectivity, server version, pgvector and privileges; see {@link PostgresDoctor}. Never throws. */
    public static List<DoctorCheck> doctor(String registryUrl) {
        return PostgresDoctor.run(registryUrl, 0);
    }

    /**
     * As {@link #doctor(String)}, and also that every project's stored vectors have {@code embeddingDimension}
     * dimensions (the configured model's), naming the projects that need a forced reindex.
     */
    public static List<DoctorCheck> doctor(String registryUrl, int embeddingDimension) {
        return PostgresDoctor.run(registryUrl, embeddingDimension);
    }

    @Override
    public void close() {
        try {
            chunks.close();
        } finally {
            registryDb.close();
        }
    }

    @Override
    public String toString() {
        return "PostgresStore[" + location() + "]";
    }
}
