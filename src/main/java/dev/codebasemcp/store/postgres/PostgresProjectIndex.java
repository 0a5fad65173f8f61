package dev.codebasemcp.store.postgres;

import dev.codebasemcp.Chunk;
import dev.codebasemcp.InvalidInputException;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.store.ChunkHit;
import dev.codebasemcp.store.CodeTokens;
import dev.codebasemcp.store.FileRecord;
import dev.codebasemcp.store.IndexStats;
import dev.codebasemcp.store.IndexedChunk;
import dev.codebasemcp.store.PendingVector;
import dev.codebasemcp.store.ProjectIndex;
import dev.codebasemcp.store.RepositoryInfo;
import dev.codebasemcp.store.SearchFilter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One project's data plane in its own PostgreSQL database (schema: {@code db/postgres/project}).
 *
 * <p>Writes go through {@link PostgresIndexWriter}: one open transaction on a dedicated connection, holding the
 * project's write lock until {@link #releaseWriter}. Reads run on pooled connections outside that transaction, so
 * they only ever see committed data.
 *
 * <p>{@link #stats(String)} takes a repository's {@code lastIndexedAt} from metadata
 * {@code "last_indexed_at." + repositoryId} when present, otherwise from the newest indexed-at of its files.
 */
final class PostgresProjectIndex implements ProjectIndex, AutoCloseable {

    static final String LAST_INDEXED_AT = "last_indexed_at";

    private final ProjectRef project;
    private final PostgresDatabase db;
    private final PostgresIndexWriter writer;
    private final PostgresSemantic semantic;
    /** Repositories known to be committed (never removed: repositories are not deleted, only emptied). */
    private final Map<String, RepositoryInfo> committedRepos = new ConcurrentHashMap<>();

    PostgresProjectIndex(ProjectRef project, PostgresDatabase db) {
        this.project = project;
        this.db = db;
        this.writer = new PostgresIndexWriter(db, project.name());
        this.semantic = new PostgresSemantic(project.name());
    }

    ProjectRef project() {
        return project;
    }

    @Override
    public RepositoryInfo upsertRepository(String absolutePath) {
        if (absolutePath == null || absolutePath.isBlank() || !Path.of(absolutePath).isAbsolute()) {
            throw new IllegalArgumentException("repository path must be absolute: " + absolutePath);
        }
        RepositoryInfo repo = new RepositoryInfo(RepositoryInfo.idFor(absolutePath), absolutePath);
        if (!isCommitted(repo.id())) {
            writer.stageRepository(repo);
        }
        return repo;
    }

    @Override
    public List<RepositoryInfo> repositories() {
        Map<String, RepositoryInfo> all = new LinkedHashMap<>();
        committedRepositories().forEach(r -> all.put(r.id(), r));
        writer.stagedRepositories().forEach(r -> all.putIfAbsent(r.id(), r));
        return all.values().stream().sorted(Comparator.comparing(RepositoryInfo::path)).toList();
    }

    private List<RepositoryInfo> committedRepositories() {
        List<RepositoryInfo> repos = db.autocommit("listing repositories", c -> {
            List<RepositoryInfo> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, path FROM repositories");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new RepositoryInfo(rs.getString(1), rs.getString(2)));
                }
            }
            return out;
        });
        repos.forEach(r -> committedRepos.put(r.id(), r));
        return repos;
    }

    private boolean isCommitted(String repositoryId) {
        return committedRepos.containsKey(repositoryId)
                || committedRepositories().stream().anyMatch(r -> r.id().equals(repositoryId));
    }

    private boolean isRegistered(String repositoryId) {
        return isCommitted(repositoryId) || writer.stagedRepositories().stream().anyMatch(r -> r.id().equals(repositoryId));
    }

    @Override
    public Map<String, FileRecord> manifest(String repositoryId) {
        return db.autocommit("reading the manifest", c -> {
            Map<String, FileRecord> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT " + PostgresChunkRows.FILE_COLUMNS
                    + " FROM code_files WHERE repository_id = ?")) {
                ps.setString(1, repositoryId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        FileRecord f = PostgresChunkRows.file(rs);
                        out.put(f.path(), f);
                    }
                }
            }
            return Map.copyOf(out);
        });
    }

    @Override
    public void replaceFile(String repositoryId, FileRecord file, List<IndexedChunk> chunks) {
        if (!isRegistered(repositoryId)) {
            throw new IllegalArgumentException("unknown repository id " + repositoryId + "; register it with upsertRepository first");
        }
        if (file.chunkCount() != chunks.size()) {
            throw new IllegalArgumentException("manifest entry of " + file.path() + " claims " + file.chunkCount()
                    + " chunks but " + chunks.size() + " were given");
        }
        for (IndexedChunk c : chunks) {
            if (!c.path().equals(file.path())) {
                throw new IllegalArgumentException("chunk " + c.id() + " has path " + c.path() + ", not " + file.path());
            }
        }
        writer.stageFile(repositoryId, file, chunks);
    }

    @Override
    public void deleteFile(String repositoryId, String path) {
        writer.stageFileDelete(repositoryId, path);
    }

    @Override
    public void deleteRepository(String repositoryId) {
        writer.stageRepositoryDelete(repositoryId);
    }

    @Override
    public void commit(Map<String, String> metadata) {
        writer.commit(metadata);
    }

    @Override
    public void rollback() {
        writer.rollback();
    }

    @Override
    public List<PendingVector> chunksWithoutVectors(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        Set<String> staged = writer.stagedVectorIds();
        return db.autocommit("reading chunks without vectors", c -> {
            List<PendingVector> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT chunk_id, path, language, kind, symbol, start_line, "
                    + "end_line, content FROM code_chunks WHERE embedding IS NULL AND chunk_id <> ALL (?::text[]) "
                    + "ORDER BY id LIMIT ?")) {
                ps.setArray(1, c.createArrayOf("text", staged.toArray()));
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new PendingVector(rs.getString(1), rs.getString(2), new Chunk(rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getInt(6), rs.getInt(7), rs.getString(8))));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public void setVectors(Map<String, float[]> vectorsByChunkId) {
        writer.stageVectors(vectorsByChunkId);
    }

    /** The count of chunks without vectors at the last generation asked: searches ask every time. */
    private record CachedCount(long generation, long count) {}

    private volatile CachedCount withoutVectors = new CachedCount(-1, 0);

    @Override
    public Set<String> withoutVectors(Collection<String> chunkIds) {
        if (chunkIds.isEmpty()) {
            return Set.of();
        }
        return db.autocommit("finding candidates without vectors", c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT chunk_id FROM code_chunks WHERE chunk_id = ANY(?) AND embedding IS NULL")) {
                ps.setArray(1, c.createArrayOf("text", chunkIds.toArray()));
                Set<String> out = new HashSet<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public long countChunksWithoutVectors() {
        CachedCount cached = withoutVectors;
        CachedCount now = db.autocommit("counting chunks without vectors", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT generation, CASE WHEN generation = ? THEN -1 "
                    + "ELSE (SELECT count(*) FROM code_chunks WHERE embedding IS NULL) END FROM index_state")) {
                ps.setLong(1, cached.generation());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long count = rs.getLong(2);
                    return count < 0 ? cached : new CachedCount(rs.getLong(1), count);
                }
            }
        });
        withoutVectors = now;
        return now.count();
    }

    @Override
    public Map<String, String> metadata() {
        return db.autocommit("reading metadata", c -> {
            Map<String, String> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT key, value FROM index_metadata");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
            return Map.copyOf(out);
        });
    }

    @Override
    public void releaseWriter() {
        writer.release();
    }

    @Override
    public List<ChunkHit> lexical(String query, SearchFilter filter, int k) {
        requirePositive(k);
        List<String> terms = CodeTokens.queryTerms(query == null ? "" : query);
        if (terms.isEmpty()) {
            return List.of();
        }
        PostgresFilter where = PostgresFilter.of(filter);
        return search("lexical search", c -> PostgresLexical.search(c, terms, where, k));
    }

    /**
     * BM25 with other candidate budgets (see {@link PostgresLexical}); {@code Integer.MAX_VALUE / 4} for both scores
     * every matching chunk, the exact reference that {@link #lexical} approximates. For tests and benchmarks.
     */
    List<ChunkHit> lexical(String query, SearchFilter filter, int k, int exactBudget, int bestEffortBudget) {
        requirePositive(k);
        List<String> terms = CodeTokens.queryTerms(query == null ? "" : query);
        if (terms.isEmpty()) {
            return List.of();
        }
        PostgresFilter where = PostgresFilter.of(filter);
        return search("lexical search", c -> PostgresLexical.search(c, terms, where, k, exactBudget, bestEffortBudget));
    }

    @Override
    public List<ChunkHit> semantic(float[] queryVector, SearchFilter filter, int k) {
        requirePositive(k);
        float[] unit = PostgresChunkRows.unitVector(queryVector, "query vector");
        PostgresFilter where = PostgresFilter.of(filter);
        return search("semantic search", c -> semantic.search(c, unit, where, k));
    }

    /**
     * Runs a search in one (read committed) transaction, which scopes its SET LOCAL planner settings; a path pattern
     * PostgreSQL rejects is the caller's to fix.
     */
    private List<ChunkHit> search(String what, PostgresDatabase.SqlWork<List<ChunkHit>> work) {
        try {
            return db.transaction(what, work);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof SQLException sql && PostgresErrors.INVALID_REGEX.equals(sql.getSQLState())) {
                throw new InvalidInputException("the directory pattern cannot be used as a path filter (" + sql.getMessage()
                        + "); use a simpler glob such as 'src/**/*.py'", e);
            }
            throw e;
        }
    }

    @Override
    public IndexStats stats() {
        return db.snapshot("reading stats", c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT count(*) FROM code_files), s.chunks, "
                    + "(SELECT value FROM index_metadata WHERE key = ?) FROM index_state s")) {
                ps.setString(1, LAST_INDEXED_AT);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    return new IndexStats(rs.getLong(1), rs.getLong(2), instant(rs.getString(3)));
                }
            }
        });
    }

    @Override
    public Optional<IndexStats> stats(String repositoryId) {
        if (!isRegistered(repositoryId)) {
            return Optional.empty();
        }
        return Optional.of(db.snapshot("reading repository stats", c -> {
            long files;
            long chunks;
            String last;
            try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT count(*) FROM code_files WHERE repository_id = ?), "
                    + "(SELECT count(*) FROM code_chunks WHERE repository_id = ?), "
                    + "(SELECT value FROM index_metadata WHERE key = ?)")) {
                ps.setString(1, repositoryId);
                ps.setString(2, repositoryId);
                ps.setString(3, LAST_INDEXED_AT + "." + repositoryId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    files = rs.getLong(1);
                    chunks = rs.getLong(2);
                    last = rs.getString(3);
                }
            }
            Instant lastIndexed = instant(last);
            if (lastIndexed == null) {
                lastIndexed = newestIndexedAt(c, repositoryId);
            }
            return new IndexStats(files, chunks, lastIndexed);
        }));
    }

    private static Instant newestIndexedAt(Connection c, String repositoryId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT indexed_at, indexed_at_nanos FROM code_files "
                + "WHERE repository_id = ? ORDER BY indexed_at DESC, indexed_at_nanos DESC LIMIT 1")) {
            ps.setString(1, repositoryId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? PostgresChunkRows.instant(rs, 1, 2) : null;
            }
        }
    }

    private Instant instant(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return Instant.parse(iso);
        } catch (DateTimeParseException e) {
            throw new IllegalStateException("metadata of project " + project.name() + " (database " + db.name()
                    + ") holds a bad timestamp '" + iso + "' (expected ISO-8601, e.g. 2025-01-31T12:00:00Z)", e);
        }
    }

    private static void requirePositive(int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be at least 1, was " + k);
        }
    }

    @Override
    public void close() {
        try {
            writer.close();
        } finally {
            db.close();
        }
    }
}
