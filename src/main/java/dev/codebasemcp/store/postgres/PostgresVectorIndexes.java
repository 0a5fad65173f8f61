package dev.codebasemcp.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HNSW indexes of {@code code_chunks.embedding}: one partial expression index per dimension,
 * {@code code_chunks_embedding_<n> ON ((embedding::vector(n)) vector_cosine_ops) WHERE vector_dims(embedding) = n}.
 *
 * <p>Why not a {@code vector(n)} column: fixing or changing a column's dimension needs an exclusive lock that would
 * block every search until the writer commits. Creating an index takes a share lock (searches continue) and is done
 * in the commit that first stores vectors, after its rows are in, so the graph is built in bulk. When a forced
 * reindex switches models, the old (by then empty) index is dropped in that commit.
 */
final class PostgresVectorIndexes {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresVectorIndexes.class);
    /** pgvector's HNSW limit for the vector type; larger vectors are searched exactly. */
    static final int MAX_INDEXED_DIMENSION = 2000;
    private static final String PREFIX = "code_chunks_embedding_";

    private final String projectName;

    PostgresVectorIndexes(String projectName) {
        this.projectName = projectName;
    }

    static String name(int dimension) {
        return PREFIX + dimension;
    }

    /** Inside the commit transaction: makes sure the index of {@code dimension} exists and no other does. */
    void prepareForCommit(Connection c, int dimension) throws SQLException {
        List<String> existing = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() "
                + "AND tablename = 'code_chunks' AND starts_with(indexname, ?)")) {
            ps.setString(1, PREFIX);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    existing.add(rs.getString(1));
                }
            }
        }
        try (Statement s = c.createStatement()) {
            if (dimension > 0 && dimension <= MAX_INDEXED_DIMENSION && !existing.contains(name(dimension))) {
                // A bulk HNSW build is far faster when the graph fits in maintenance_work_mem (default 64MB).
                s.execute("SET LOCAL maintenance_work_mem = '512MB'");
                s.execute("CREATE INDEX " + name(dimension) + " ON code_chunks USING hnsw ((embedding::vector(" + dimension
                        + ")) vector_cosine_ops) WHERE vector_dims(embedding) = " + dimension);
                LOG.info("project {}: created the HNSW index for {}-dimensional vectors", projectName, dimension);
            }
            for (String other : existing) {
                if (!other.equals(name(dimension))) {
                    s.execute("DROP INDEX " + PostgresServer.quote(other));
                    LOG.info("project {}: dropped the vector index {} of another embedding dimension", projectName, other);
                }
            }
        }
    }
}
