package dev.codebasemcp.store.postgres;

import dev.codebasemcp.store.ChunkHit;
import dev.codebasemcp.store.FileRecord;
import dev.codebasemcp.store.IndexedChunk;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/** How chunks, manifest entries and hits map to the rows of a project database. */
final class PostgresChunkRows {

    /** The columns {@link #hit} reads, prefixed by the row id. */
    static final String HIT_COLUMNS = "c.id, c.chunk_id, c.repository_id, c.path, c.language, c.kind, c.symbol, "
            + "c.start_line, c.end_line, c.content, c.context_before, c.context_after";

    static final String INSERT_CHUNK = "INSERT INTO code_chunks (chunk_id, repository_id, path, language, extension, "
            + "kind, symbol, start_line, end_line, content, context_before, context_after, terms, term_count, "
            + "symbol_terms, symbol_term_count, embedding) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::tsvector, ?, ?::tsvector, ?, ?::vector)";

    static final String UPSERT_FILE = "INSERT INTO code_files (repository_id, path, size_bytes, mtime_millis, "
            + "content_hash, language, chunk_count, indexed_at, indexed_at_nanos) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "ON CONFLICT (repository_id, path) DO UPDATE SET size_bytes = excluded.size_bytes, "
            + "mtime_millis = excluded.mtime_millis, content_hash = excluded.content_hash, language = excluded.language, "
            + "chunk_count = excluded.chunk_count, indexed_at = excluded.indexed_at, "
            + "indexed_at_nanos = excluded.indexed_at_nanos";

    static final String FILE_COLUMNS = "path, size_bytes, mtime_millis, content_hash, language, chunk_count, "
            + "indexed_at, indexed_at_nanos";

    private PostgresChunkRows() {
    }

    /** A hit from a row selected with {@link #HIT_COLUMNS} starting at column 1. */
    static ChunkHit hit(ResultSet rs, float score) throws SQLException {
        return new ChunkHit(rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7), rs.getInt(8), rs.getInt(9), rs.getString(10), rs.getString(11), rs.getString(12), score);
    }

    /** Binds one chunk for {@link #INSERT_CHUNK}. */
    static void bindChunk(PreparedStatement ps, String repositoryId, IndexedChunk c, PostgresTerms.Bag text,
                          PostgresTerms.Bag symbol, float[] unitVector) throws SQLException {
        ps.setString(1, c.id());
        ps.setString(2, repositoryId);
        ps.setString(3, c.path());
        ps.setString(4, c.chunk().language());
        ps.setString(5, extension(c.path()));
        ps.setString(6, c.chunk().kind());
        ps.setString(7, storable(c.chunk().symbol()));
        ps.setInt(8, c.chunk().startLine());
        ps.setInt(9, c.chunk().endLine());
        ps.setString(10, storable(c.chunk().content()));
        ps.setString(11, storable(c.contextBefore()));
        ps.setString(12, storable(c.contextAfter()));
        ps.setString(13, text.literal() == null ? "" : text.literal());
        ps.setInt(14, text.length());
        if (symbol == null) {
            ps.setNull(15, Types.VARCHAR);
            ps.setInt(16, 0);
        } else {
            ps.setString(15, symbol.literal() == null ? "" : symbol.literal());
            ps.setInt(16, symbol.length());
        }
        if (unitVector == null) {
            ps.setNull(17, Types.VARCHAR);
        } else {
            ps.setString(17, vectorLiteral(unitVector));
        }
    }

    /** The text that the lexical "text" field indexes, as the embedded store builds it. */
    static String lexicalText(IndexedChunk c) {
        String symbol = c.chunk().symbol();
        return (symbol == null ? "" : symbol) + '\n' + c.path() + '\n' + c.chunk().content();
    }

    static void bindFile(PreparedStatement ps, String repositoryId, FileRecord f) throws SQLException {
        ps.setString(1, repositoryId);
        ps.setString(2, f.path());
        ps.setLong(3, f.sizeBytes());
        ps.setLong(4, f.mtimeMillis());
        ps.setString(5, f.contentHash());
        ps.setString(6, f.language());
        ps.setInt(7, f.chunkCount());
        ps.setObject(8, OffsetDateTime.ofInstant(f.indexedAt().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
        ps.setInt(9, f.indexedAt().getNano());
    }

    /** A manifest entry from a row selected with {@link #FILE_COLUMNS} starting at column 1. */
    static FileRecord file(ResultSet rs) throws SQLException {
        return new FileRecord(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getInt(6), instant(rs, 7, 8));
    }

    /** The exact instant from a timestamptz column and its nano-of-second column. */
    static Instant instant(ResultSet rs, int timestampColumn, int nanosColumn) throws SQLException {
        OffsetDateTime t = rs.getObject(timestampColumn, OffsetDateTime.class);
        return t == null ? null : Instant.ofEpochSecond(t.toEpochSecond(), rs.getInt(nanosColumn));
    }

    /** The lowercase extension of the path's last segment ({@code .gitignore} → {@code gitignore}), or null. */
    static String extension(String path) {
        int slash = path.lastIndexOf('/');
        int dot = path.lastIndexOf('.');
        if (dot <= slash || dot == path.length() - 1) {
            return null;
        }
        return path.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    /**
     * Returns {@code v} at unit length (a copy when it had to be rescaled), so cosine distance is exact.
     *
     * @throws IllegalArgumentException for an empty, zero or non-finite vector
     */
    static float[] unitVector(float[] v, String what) {
        if (v.length == 0) {
            throw new IllegalArgumentException(what + " is empty");
        }
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            throw new IllegalArgumentException(what + " must be a non-zero vector of finite numbers");
        }
        double norm = Math.sqrt(sum);
        if (Math.abs(norm - 1) < 1e-4) {
            return v;
        }
        float[] unit = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            unit[i] = (float) (v[i] / norm);
        }
        return unit;
    }

    /** pgvector's text form {@code [x,y,...]}; Float.toString round-trips exactly and strtof reads it. */
    static String vectorLiteral(float[] v) {
        StringBuilder sb = new StringBuilder(v.length * 11 + 2).append('[');
        for (int i = 0; i < v.length; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append(v[i]);
        }
        return sb.append(']').toString();
    }

    /** Text PostgreSQL can store: NUL characters are not allowed in text, so they become U+FFFD. */
    static String storable(String s) {
        return PostgresJobRows.storable(s);
    }
}
