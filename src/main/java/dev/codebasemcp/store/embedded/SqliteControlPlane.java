package dev.codebasemcp.store.embedded;

import dev.codebasemcp.store.EmbeddingCache;
import dev.codebasemcp.store.Registry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The embedded control plane: the project registry, the job table and the embedding cache in one SQLite file
 * ({@code $CODEBASE_MCP_HOME/registry.db}, WAL mode).
 *
 * <p>Several processes (e.g. two MCP server sessions) may open the same file at once: schema migration is
 * serialised by a file lock, read-modify-write runs in {@code BEGIN IMMEDIATE} transactions, and lock waits are
 * bounded by a 10 s busy timeout. Thread-safe; close it once at shutdown.
 */
public final class SqliteControlPlane implements AutoCloseable {

    private final Path file;
    private final SqliteConnections connections;
    private final SqliteRegistry registry;
    private final SqliteJobStore jobs;
    private final InstantSource clock;

    /**
     * Opens (creating if needed) and migrates the database.
     *
     * @param file  the registry database file, e.g. {@code ~/.codebase-mcp/registry.db}; parent dirs are created
     * @param clock the time source for registry timestamps (job methods take their time as an argument)
     */
    public SqliteControlPlane(Path file, InstantSource clock) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(clock, "clock");
        this.file = file.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the directory of " + this.file, e);
        }
        SqliteConnections opened = new SqliteConnections(this.file);
        try {
            SqliteMigrations.migrate(this.file, opened);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
        this.connections = opened;
        this.registry = new SqliteRegistry(connections, clock);
        this.jobs = new SqliteJobStore(connections);
        this.clock = clock;
    }

    /**
     * The shared embedding cache in this file, keeping about {@code maxEntries} vectors (least recently used evicted).
     * Call once per process: each instance counts its own inserts between checks of the cap.
     */
    public EmbeddingCache embeddingCache(long maxEntries) {
        return new SqliteEmbeddingCache(connections, clock, maxEntries);
    }

    /** The project registry. */
    public Registry registry() {
        return registry;
    }

    /**
     * The job table: a {@link dev.codebasemcp.store.JobStore}, typed as the adapter so that
     * {@link SqliteJobStore#saveCheckpoint} is reachable until the port has it.
     */
    public SqliteJobStore jobs() {
        return jobs;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        connections.close();
    }

    @Override
    public String toString() {
        return "SqliteControlPlane[" + file + "]";
    }
}
