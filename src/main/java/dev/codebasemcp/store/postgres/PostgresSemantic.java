package dev.codebasemcp.store.postgres;

import dev.codebasemcp.store.ChunkHit;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Nearest neighbours by cosine similarity over {@code code_chunks.embedding}, through the HNSW index of the project's
 * dimension (see {@link PostgresVectorIndexes}).
 *
 * <p>Filters and HNSW: pgvector applies a WHERE clause after the graph search, which by itself returns at most
 * {@code hnsw.ef_search} rows, so a selective filter could leave fewer than k. pgvector 0.8's iterative scan
 * ({@code hnsw.iterative_scan = relaxed_order}) keeps walking the graph until k rows pass the filter or
 * {@value #MAX_SCAN_TUPLES} tuples were visited; if that still yields fewer than k, the filter is so selective that an
 * exact scan of the matching rows (without the index) is cheap, and that answers instead. Either way a filtered
 * search returns min(k, matching chunks) results. A path filter the path index can answer is first counted (up to
 * {@value #EXACT_SCAN_LIMIT}): when few chunks match, the exact scan answers at once, without walking the graph.
 */
final class PostgresSemantic {

    /** HNSW candidate list size: at least this many (pgvector's default 40 gives poor recall at small k). */
    static final int MIN_EF_SEARCH = 100;
    /** pgvector's upper limit for hnsw.ef_search. */
    static final int MAX_EF_SEARCH = 1000;
    /** How far an iterative scan may walk for a filtered query before the exact scan takes over. */
    static final int MAX_SCAN_TUPLES = 5000;
    /** At most this many matching chunks are scanned exactly rather than searched through the graph. */
    static final int EXACT_SCAN_LIMIT = 1000;

    private final String projectName;

    PostgresSemantic(String projectName) {
        this.projectName = projectName;
    }

    /** Runs inside a read-only snapshot transaction (SET LOCAL settings end with it). */
    List<ChunkHit> search(Connection c, float[] unit, PostgresFilter filter, int k) throws SQLException {
        int dimension;
        try (PreparedStatement ps = c.prepareStatement("SELECT vector_dimension FROM index_state");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            dimension = rs.getInt(1);
        }
        if (dimension == 0) {
            return List.of();
        }
        if (dimension != unit.length) {
            throw new IllegalArgumentException("query vector has " + unit.length + " dimensions but the chunks of project "
                    + projectName + " were embedded with " + dimension + "; use the embedding model the project was "
                    + "indexed with, or reindex it with force_reindex");
        }
        String literal = PostgresChunkRows.vectorLiteral(unit);
        List<ChunkHit> hits = List.of();
        boolean exactFirst = filter.narrowsPath() && countUpTo(c, filter, EXACT_SCAN_LIMIT + 1) <= EXACT_SCAN_LIMIT;
        if (!exactFirst && dimension <= PostgresVectorIndexes.MAX_INDEXED_DIMENSION) {
            try (PreparedStatement ps = c.prepareStatement("SELECT set_config('hnsw.ef_search', ?, true), "
                    + "set_config('hnsw.iterative_scan', ?, true), set_config('hnsw.max_scan_tuples', ?, true)")) {
                ps.setString(1, String.valueOf(Math.min(MAX_EF_SEARCH, Math.max(MIN_EF_SEARCH, 4 * k))));
                ps.setString(2, filter.isEmpty() ? "off" : "relaxed_order");
                ps.setString(3, String.valueOf(Math.max(MAX_SCAN_TUPLES, 2 * k)));
                ps.execute();
            }
            // The cast and predicate repeat the partial index's expression exactly (with literal dimensions), so the
            // planner can use it; relaxed order needs the final re-sort.
            String vector = "c.embedding::vector(" + dimension + ")";
            hits = query(c, "WITH r AS MATERIALIZED (SELECT " + PostgresChunkRows.HIT_COLUMNS + ", " + vector
                    + " <=> ?::vector(" + dimension + ") AS distance FROM code_chunks c WHERE vector_dims(c.embedding) = "
                    + dimension + filter.graphSql() + " ORDER BY distance LIMIT ?) SELECT * FROM r ORDER BY distance, id",
                    literal, filter, k);
        }
        if (hits.size() < k) {
            // Exact: an ORDER BY expression the HNSW index cannot serve.
            hits = query(c, "SELECT " + PostgresChunkRows.HIT_COLUMNS + ", c.embedding <=> ?::vector AS distance "
                    + "FROM code_chunks c WHERE c.embedding IS NOT NULL" + filter.sql() + " ORDER BY distance, c.id LIMIT ?",
                    literal, filter, k);
        }
        return hits;
    }

    /** How many chunks with vectors pass the filter, counting no further than {@code limit}. */
    private static int countUpTo(Connection c, PostgresFilter filter, int limit) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM (SELECT 1 FROM code_chunks c "
                + "WHERE c.embedding IS NOT NULL" + filter.sql() + " LIMIT ?) s")) {
            int i = filter.bind(ps, 1);
            ps.setInt(i, limit);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static List<ChunkHit> query(Connection c, String sql, String vector, PostgresFilter filter, int k)
            throws SQLException {
        List<ChunkHit> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, vector);
            int i = filter.bind(ps, 2);
            ps.setInt(i, k);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(PostgresChunkRows.hit(rs, (float) (1 - rs.getDouble(13))));
                }
            }
        }
        return out;
    }
}
