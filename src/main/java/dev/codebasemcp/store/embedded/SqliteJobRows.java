package dev.codebasemcp.store.embedded;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codebasemcp.Job;
import dev.codebasemcp.JobCounters;
import dev.codebasemcp.JobPhase;
import dev.codebasemcp.JobStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** How a {@link Job} maps to a row of {@code indexing_jobs} joined with {@code projects}, and back. */
final class SqliteJobRows {

    /** Stored warnings are capped; the last kept entry then says how many were left out. */
    static final int MAX_WARNINGS = 200;
    static final int MAX_WARNING_CHARS = 2_000;

    /*
     * The project's name and database name come from correlated subqueries rather than a JOIN: on sqlite-jdbc 3.54
     * the JOIN form of this 32-column SELECT measured about 4x slower per call (~150 us vs ~40 us) with the same plan.
     */
    static final String SELECT = "SELECT j.id, j.project_id, "
            + "(SELECT p.name FROM projects p WHERE p.id = j.project_id), "
            + "(SELECT p.database_name FROM projects p WHERE p.id = j.project_id), j.repo_path, j.force_reindex, "
            + "j.status, j.phase, j.progress_percentage, j.progress_message, j.status_message, "
            + "j.files_scanned, j.files_total, j.files_indexed, j.files_unchanged, j.files_deleted, j.files_skipped, "
            + "j.chunks_created, j.chunks_deleted, j.embeddings_computed, j.embeddings_cached, "
            + "j.warnings, j.error_message, j.error_type, "
            + "j.created_at, j.started_at, j.completed_at, j.cancelled_at, j.heartbeat_at, "
            + "j.eta_seconds, j.worker_id, j.attempt, j.embeddings_pending, j.searchable_at, j.embedded_at "
            + "FROM indexing_jobs j";

    /** The counter columns in {@link JobCounters} order, for SET clauses. */
    static final String COUNTERS_SET = "files_scanned = ?, files_total = ?, files_indexed = ?, files_unchanged = ?, "
            + "files_deleted = ?, files_skipped = ?, chunks_created = ?, chunks_deleted = ?, "
            + "embeddings_computed = ?, embeddings_cached = ?, embeddings_pending = ?";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> STRING_LIST = new TypeReference<>() {};

    private SqliteJobRows() {}

    static Job job(ResultSet rs) throws SQLException {
        JobCounters counters = new JobCounters(rs.getLong(12), rs.getLong(13), rs.getLong(14), rs.getLong(15),
                rs.getLong(16), rs.getLong(17), rs.getLong(18), rs.getLong(19), rs.getLong(20), rs.getLong(21), rs.getLong(33));
        return new Job(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getInt(6) != 0, JobStatus.fromWire(rs.getString(7)), JobPhase.fromWire(rs.getString(8)),
                rs.getDouble(9), rs.getString(10), rs.getString(11), counters, warnings(rs.getString(22)),
                rs.getString(23), rs.getString(24), instant(rs, 25), instant(rs, 26), instant(rs, 27),
                instant(rs, 28), instant(rs, 29), nullableLong(rs, 30), rs.getString(31), rs.getInt(32),
                instant(rs, 34), instant(rs, 35));
    }

    /** Binds the 11 counters starting at parameter {@code first}; returns the next free index. */
    static int bindCounters(PreparedStatement ps, int first, JobCounters c) throws SQLException {
        long[] values = {c.filesScanned(), c.filesTotal(), c.filesIndexed(), c.filesUnchanged(), c.filesDeleted(),
            c.filesSkipped(), c.chunksCreated(), c.chunksDeleted(), c.embeddingsComputed(), c.embeddingsCached(),
            c.embeddingsPending()};
        int i = first;
        for (long v : values) {
            ps.setLong(i++, v);
        }
        return i;
    }

    static void bindNullableLong(PreparedStatement ps, int index, Long value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setLong(index, value);
        }
    }

    /** Epoch milliseconds: the stored precision (sub-millisecond parts are dropped). */
    static long millis(Instant instant) {
        return instant.toEpochMilli();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static Long nullableLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    /** The JSON array stored for these warnings, capped at {@link #MAX_WARNINGS} entries. */
    static String warningsJson(List<String> warnings) {
        List<String> kept = new ArrayList<>(Math.min(warnings.size(), MAX_WARNINGS));
        int limit = warnings.size() <= MAX_WARNINGS ? warnings.size() : MAX_WARNINGS - 1;
        for (int i = 0; i < limit; i++) {
            String w = String.valueOf(warnings.get(i));
            kept.add(w.length() <= MAX_WARNING_CHARS ? w : w.substring(0, MAX_WARNING_CHARS) + "...");
        }
        if (warnings.size() > limit) {
            kept.add("... and " + (warnings.size() - limit) + " more warnings not stored");
        }
        try {
            return JSON.writeValueAsString(kept);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode job warnings as JSON", e);
        }
    }

    private static List<String> warnings(String json) {
        try {
            return JSON.readValue(json, STRING_LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("indexing_jobs.warnings is not a JSON array of strings: " + json, e);
        }
    }

    /** Rejects text that is not JSON, so a bad checkpoint fails in the caller rather than as a SQL constraint. */
    static void requireJson(String text, String what) {
        try {
            if (JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(text).isMissingNode()) {
                throw new IllegalArgumentException(what + " is empty; pass a JSON value, or null to clear it");
            }
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }
}
