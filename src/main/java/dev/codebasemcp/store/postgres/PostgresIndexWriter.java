package dev.codebasemcp.store.postgres;

import dev.codebasemcp.store.FileRecord;
import dev.codebasemcp.store.IndexedChunk;
import dev.codebasemcp.store.RepositoryInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of one project database: one dedicated connection holding one open transaction in which every
 * staged write runs, so staged writes are invisible to readers until {@link #commit} (SQL COMMIT, together with the
 * BM25 statistics and the metadata) and a crash loses only the uncommitted batch.
 *
 * <p>The connection is taken on the first staged write together with a session advisory lock (the project's write
 * lock, which also excludes other processes) and given back by {@link #release}, {@link #rollback} and {@link #close}.
 * Each staged operation runs under a savepoint, so one that fails leaves the rest of the batch intact.
 *
 * <p>Also enforces one vector dimension per project: the committed one, or else the first staged vector's.
 */
final class PostgresIndexWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresIndexWriter.class);

    private final PostgresDatabase db;
    private final String projectName;
    private final PostgresVectorIndexes vectorIndexes;

    // All guarded by this.
    private Connection conn;
    private int dimension;
    private boolean staged;
    private boolean resetStats;
    private final LexicalStatsDelta delta = new LexicalStatsDelta();
    private final Map<String, RepositoryInfo> stagedRepos = new LinkedHashMap<>();
    /** Chunk ids given a vector since the last commit. */
    private final Set<String> vectorsStaged = new HashSet<>();
    private boolean closed;

    PostgresIndexWriter(PostgresDatabase db, String projectName) {
        this.db = db;
        this.projectName = projectName;
        this.vectorIndexes = new PostgresVectorIndexes(projectName);
    }

    synchronized List<RepositoryInfo> stagedRepositories() {
        return List.copyOf(stagedRepos.values());
    }

    synchronized void stageRepository(RepositoryInfo repo) {
        if (stagedRepos.containsKey(repo.id())) {
            return;
        }
        staging("registering repository " + repo.path(), c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO repositories (id, path) VALUES (?, ?) ON CONFLICT (id) DO NOTHING")) {
                ps.setString(1, repo.id());
                ps.setString(2, PostgresChunkRows.storable(repo.path()));
                ps.executeUpdate();
            }
            return null;
        });
        stagedRepos.put(repo.id(), repo);
    }

    /** Stages a file's manifest entry and chunks in place of its previous ones (validated by the caller). */
    synchronized void stageFile(String repositoryId, FileRecord file, List<IndexedChunk> chunks) {
        open();
        int dim = dimension;
        List<float[]> vectors = new ArrayList<>(chunks.size());
        for (IndexedChunk c : chunks) {
            float[] unit = null;
            if (c.vector() != null) {
                unit = PostgresChunkRows.unitVector(c.vector(), "vector of chunk " + c.id() + " in " + c.path());
                if (dim == 0) {
                    dim = unit.length;
                } else if (dim != unit.length) {
                    throw new IllegalArgumentException("chunk " + c.id() + " in " + c.path() + " has a " + unit.length
                            + "-dimensional vector but project " + projectName + " stores " + dim
                            + "-dimensional vectors; all chunks of a project must come from one embedding model");
                }
            }
            vectors.add(unit);
        }
        List<PostgresTerms.Bag> texts = new ArrayList<>(chunks.size());
        List<PostgresTerms.Bag> symbols = new ArrayList<>(chunks.size());
        for (IndexedChunk c : chunks) {
            texts.add(PostgresTerms.bag(PostgresChunkRows.lexicalText(c)));
            symbols.add(c.chunk().symbol() == null ? null : PostgresTerms.bag(c.chunk().symbol()));
        }
        LexicalStatsDelta removed = new LexicalStatsDelta();
        staging("writing " + file.path(), c -> {
            LexicalStatsDelta.deleteFileChunks(c, repositoryId, file.path(), removed);
            try (PreparedStatement ps = c.prepareStatement(PostgresChunkRows.UPSERT_FILE)) {
                PostgresChunkRows.bindFile(ps, repositoryId, file);
                ps.executeUpdate();
            }
            if (!chunks.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(PostgresChunkRows.INSERT_CHUNK)) {
                    for (int i = 0; i < chunks.size(); i++) {
                        PostgresChunkRows.bindChunk(ps, repositoryId, chunks.get(i), texts.get(i), symbols.get(i), vectors.get(i));
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
            return null;
        });
        removed.mergeInto(delta);
        for (int i = 0; i < chunks.size(); i++) {
            delta.add(texts.get(i), symbols.get(i));
        }
        dimension = dim;
    }

    /** Chunk ids given a vector since the last commit. */
    synchronized Set<String> stagedVectorIds() {
        return Set.copyOf(vectorsStaged);
    }

    /**
     * Sets the vectors of chunks by chunk id inside the write transaction. Rows deleted by a staged replacement or
     * deletion are not there any more, so their ids match nothing: a vector never brings back a chunk.
     *
     * @return how many chunks got a vector
     */
    synchronized int stageVectors(Map<String, float[]> vectorsByChunkId) {
        if (vectorsByChunkId.isEmpty()) {
            return 0;
        }
        open();
        int dim = dimension;
        List<String> ids = new ArrayList<>(vectorsByChunkId.size());
        List<String> literals = new ArrayList<>(vectorsByChunkId.size());
        for (Map.Entry<String, float[]> e : vectorsByChunkId.entrySet()) {
            float[] unit = PostgresChunkRows.unitVector(e.getValue(), "vector of chunk " + e.getKey());
            if (dim == 0) {
                dim = unit.length;
            } else if (dim != unit.length) {
                throw new IllegalArgumentException("chunk " + e.getKey() + " gets a " + unit.length
                        + "-dimensional vector but project " + projectName + " stores " + dim
                        + "-dimensional vectors; all chunks of a project must come from one embedding model");
            }
            ids.add(e.getKey());
            literals.add(PostgresChunkRows.vectorLiteral(unit));
        }
        List<String> updated = staging("setting " + ids.size() + " vectors", c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("UPDATE code_chunks c SET embedding = v.e::vector "
                    + "FROM unnest(?::text[], ?::text[]) AS v(id, e) WHERE c.chunk_id = v.id RETURNING c.chunk_id")) {
                ps.setArray(1, c.createArrayOf("text", ids.toArray()));
                ps.setArray(2, c.createArrayOf("text", literals.toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
        if (!updated.isEmpty()) {
            dimension = dim;
            vectorsStaged.addAll(updated);
        }
        return updated.size();
    }

    synchronized void stageFileDelete(String repositoryId, String filePath) {
        LexicalStatsDelta removed = new LexicalStatsDelta();
        staging("deleting " + filePath, c -> {
            LexicalStatsDelta.deleteFileChunks(c, repositoryId, filePath, removed);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM code_files WHERE repository_id = ? AND path = ?")) {
                ps.setString(1, repositoryId);
                ps.setString(2, filePath);
                ps.executeUpdate();
            }
            return null;
        });
        removed.mergeInto(delta);
    }

    synchronized void stageRepositoryDelete(String repositoryId) {
        LexicalStatsDelta removed = new LexicalStatsDelta();
        boolean everything = staging("deleting repository " + repositoryId, c -> {
            boolean othersHaveContent;
            try (PreparedStatement ps = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM code_files WHERE repository_id <> ?) "
                    + "OR EXISTS (SELECT 1 FROM code_chunks WHERE repository_id <> ?)")) {
                ps.setString(1, repositoryId);
                ps.setString(2, repositoryId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    othersHaveContent = rs.getBoolean(1);
                }
            }
            if (!othersHaveContent) {
                // Nothing else holds content: start from empty statistics, which also forgets the vector dimension,
                // so a forced reindex can switch embedding models. Repository registrations are kept.
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("DELETE FROM code_chunks");
                    s.executeUpdate("DELETE FROM code_files");
                }
                return true;
            }
            LexicalStatsDelta.recordRepositoryRemoval(c, repositoryId, removed);
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM code_chunks WHERE repository_id = ?")) {
                ps.setString(1, repositoryId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM code_files WHERE repository_id = ?")) {
                ps.setString(1, repositoryId);
                ps.executeUpdate();
            }
            return false;
        });
        if (everything) {
            delta.clear();
            resetStats = true;
            dimension = 0;
        } else {
            removed.mergeInto(delta);
        }
    }

    /** Commits staged writes, the statistics and this metadata (merged over the stored metadata) in one transaction. */
    synchronized void commit(Map<String, String> metadata) {
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey() == null || e.getValue() == null) {
                throw new IllegalArgumentException("commit metadata must not contain null keys or values: "
                        + e.getKey() + "=" + e.getValue());
            }
        }
        Connection c = open();
        try {
            delta.applyTo(c, resetStats);
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE index_state SET generation = generation + 1, vector_dimension = ?")) {
                ps.setInt(1, dimension);
                ps.executeUpdate();
            }
            if (!metadata.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO index_metadata (key, value) "
                        + "SELECT * FROM unnest(?::text[], ?::text[]) ON CONFLICT (key) DO UPDATE SET value = excluded.value")) {
                    List<String> keys = new ArrayList<>(metadata.keySet());
                    ps.setArray(1, c.createArrayOf("text", keys.stream().map(PostgresChunkRows::storable).toArray()));
                    ps.setArray(2, c.createArrayOf("text", keys.stream().map(k -> PostgresChunkRows.storable(metadata.get(k))).toArray()));
                    ps.executeUpdate();
                }
            }
            vectorIndexes.prepareForCommit(c, dimension);
            c.commit();
        } catch (SQLException e) {
            discard(e);
            throw db.failure("committing project " + projectName + " (the staged writes were rolled back)", e);
        } catch (RuntimeException e) {
            discard(e);
            throw e;
        }
        clearStaged();
    }

    synchronized void rollback() {
        release(false);
    }

    /** Rolls back anything staged since the last commit and gives the connection and the write lock back. */
    synchronized void release() {
        release(true);
    }

    private void release(boolean warn) {
        if (conn == null) {
            clearStaged();
            return;
        }
        if (warn && staged) {
            LOG.warn("project {}: releasing the index writer discards writes staged since the last commit", projectName);
        }
        Connection c = conn;
        conn = null;
        clearStaged();
        try {
            c.rollback();
            c.setAutoCommit(true);
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_unlock(?, 0)")) {
                ps.setInt(1, PostgresErrors.WRITER_LOCK_CLASS);
                ps.execute();
            }
            c.close();
        } catch (SQLException e) {
            // The server drops a session's locks with its connection: evicting it guarantees nothing stays locked.
            LOG.warn("project {}: giving the writer connection back failed, closing it: {}", projectName, e.getMessage());
            db.evict(c);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        release(true);
    }

    private void clearStaged() {
        staged = false;
        resetStats = false;
        delta.clear();
        stagedRepos.clear();
        vectorsStaged.clear();
        if (conn == null) {
            dimension = 0;
        }
    }

    /** Work on the writer's connection inside its transaction. */
    @FunctionalInterface
    interface Staging<T> {
        T run(Connection c) throws SQLException;
    }

    /** Runs one staged operation under a savepoint: when it fails, the batch staged before it stays intact. */
    private <T> T staging(String what, Staging<T> work) {
        Connection c = open();
        Savepoint sp;
        try {
            sp = c.setSavepoint();
        } catch (SQLException e) {
            discard(e);
            throw db.failure(what + " in project " + projectName, e);
        }
        try {
            T result = work.run(c);
            c.releaseSavepoint(sp);
            staged = true;
            return result;
        } catch (SQLException | RuntimeException e) {
            try {
                c.rollback(sp);
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
                discard(e);
            }
            if (e instanceof SQLException sql) {
                throw db.failure(what + " in project " + projectName, sql);
            }
            throw (RuntimeException) e;
        }
    }

    /** Drops the connection after a failure that leaves the transaction unusable; staged writes are lost. */
    private void discard(Exception cause) {
        LOG.warn("project {}: the write transaction failed and was rolled back: {}", projectName, cause.getMessage());
        release(false);
    }

    private Connection open() {
        if (closed) {
            throw new IllegalStateException("the index of project " + projectName + " (database " + db.name() + ") is closed");
        }
        if (conn != null) {
            return conn;
        }
        Connection c;
        try {
            c = db.borrow();
        } catch (SQLException e) {
            throw db.failure("opening the writer of project " + projectName, e);
        }
        try {
            boolean locked;
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_try_advisory_lock(?, 0)")) {
                ps.setInt(1, PostgresErrors.WRITER_LOCK_CLASS);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    locked = rs.getBoolean(1);
                }
            }
            if (!locked) {
                c.close();
                throw new IllegalStateException("the index of project " + projectName + " (database " + db.name()
                        + ") is locked for writing by another codebase-mcp process or store instance (probably indexing"
                        + " it); retry when that indexing job has finished");
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT vector_dimension FROM index_state")) {
                rs.next();
                dimension = rs.getInt(1);
            }
        } catch (SQLException e) {
            try {
                c.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw db.failure("opening the writer of project " + projectName, e);
        }
        conn = c;
        return c;
    }
}
