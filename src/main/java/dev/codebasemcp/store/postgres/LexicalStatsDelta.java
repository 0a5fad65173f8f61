package dev.codebasemcp.store.postgres;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The change that staged writes make to the BM25 statistics ({@code term_stats}, {@code index_state}): per term, how
 * many more (or fewer) chunks contain it in the text and symbol fields, plus the change in chunk counts and lengths.
 * Accumulated in memory while a batch is staged and applied once at commit, so each term row is updated once per
 * commit rather than once per file.
 */
final class LexicalStatsDelta {

    /** [text chunks, symbol chunks] per term. */
    private final Map<String, int[]> terms = new HashMap<>();
    private long chunks;
    private long textTerms;
    private long symbolChunks;
    private long symbolTerms;

    void add(PostgresTerms.Bag text, PostgresTerms.Bag symbol) {
        apply(text.frequencies().keySet(), symbol == null ? List.of() : symbol.frequencies().keySet(), +1);
        chunks++;
        textTerms += text.length();
        if (symbol != null && symbol.length() > 0) {
            symbolChunks++;
            symbolTerms += symbol.length();
        }
    }

    /** Removes one stored chunk, given its distinct terms (text, symbol) and lengths as stored. */
    void remove(Iterable<String> textTerms, Iterable<String> symbolTermsOfChunk, int textLength, int symbolLength) {
        apply(textTerms, symbolTermsOfChunk, -1);
        chunks--;
        this.textTerms -= textLength;
        if (symbolLength > 0) {
            symbolChunks--;
            symbolTerms -= symbolLength;
        }
    }

    /** Removes many chunks at once: per-term counts and totals aggregated by the database. */
    void removeAggregated(Map<String, int[]> termCounts, long chunkCount, long textLength, long symbolChunkCount,
                          long symbolLength) {
        termCounts.forEach((t, c) -> {
            int[] d = terms.computeIfAbsent(t, k -> new int[2]);
            d[0] -= c[0];
            d[1] -= c[1];
        });
        chunks -= chunkCount;
        textTerms -= textLength;
        symbolChunks -= symbolChunkCount;
        symbolTerms -= symbolLength;
    }

    private void apply(Iterable<String> text, Iterable<String> symbol, int sign) {
        for (String t : text) {
            terms.computeIfAbsent(t, k -> new int[2])[0] += sign;
        }
        for (String t : symbol) {
            terms.computeIfAbsent(t, k -> new int[2])[1] += sign;
        }
    }

    /** Adds this delta to {@code target}. */
    void mergeInto(LexicalStatsDelta target) {
        terms.forEach((t, d) -> {
            int[] into = target.terms.computeIfAbsent(t, k -> new int[2]);
            into[0] += d[0];
            into[1] += d[1];
        });
        target.chunks += chunks;
        target.textTerms += textTerms;
        target.symbolChunks += symbolChunks;
        target.symbolTerms += symbolTerms;
    }

    void clear() {
        terms.clear();
        chunks = 0;
        textTerms = 0;
        symbolChunks = 0;
        symbolTerms = 0;
    }

    /** Deletes a file's chunks, recording what they contributed to the statistics. */
    static void deleteFileChunks(Connection c, String repositoryId, String path, LexicalStatsDelta removed)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM code_chunks WHERE repository_id = ? AND path = ? "
                + "RETURNING tsvector_to_array(terms), term_count, tsvector_to_array(symbol_terms), symbol_term_count")) {
            ps.setString(1, repositoryId);
            ps.setString(2, path);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    removed.remove(strings(rs.getArray(1)), strings(rs.getArray(3)), rs.getInt(2), rs.getInt(4));
                }
            }
        }
    }

    /** Records what all chunks of a repository contribute to the statistics (aggregated by the database) as removed. */
    static void recordRepositoryRemoval(Connection c, String repositoryId, LexicalStatsDelta removed) throws SQLException {
        Map<String, int[]> counts = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT t, sum(n)::int, sum(s)::int FROM ("
                + "SELECT unnest(tsvector_to_array(terms)) AS t, 1 AS n, 0 AS s FROM code_chunks WHERE repository_id = ? "
                + "UNION ALL SELECT unnest(tsvector_to_array(symbol_terms)), 0, 1 FROM code_chunks WHERE repository_id = ? "
                + "AND symbol_terms IS NOT NULL) x GROUP BY t")) {
            ps.setString(1, repositoryId);
            ps.setString(2, repositoryId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    counts.put(rs.getString(1), new int[] {rs.getInt(2), rs.getInt(3)});
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*), coalesce(sum(term_count), 0), "
                + "count(*) FILTER (WHERE symbol_term_count > 0), coalesce(sum(symbol_term_count), 0) "
                + "FROM code_chunks WHERE repository_id = ?")) {
            ps.setString(1, repositoryId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                removed.removeAggregated(counts, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4));
            }
        }
    }

    private static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return List.of((String[]) array.getArray());
    }

    /**
     * Applies the delta inside the caller's transaction. With {@code reset}, the statistics start from zero first
     * (everything was deleted). Terms no chunk contains any more are removed.
     */
    void applyTo(Connection c, boolean reset) throws SQLException {
        if (reset) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM term_stats")) {
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("UPDATE index_state SET chunks = 0, text_terms = 0, "
                    + "symbol_chunks = 0, symbol_terms = 0")) {
                ps.executeUpdate();
            }
        }
        List<String> names = new ArrayList<>(terms.size());
        List<Integer> textCounts = new ArrayList<>(terms.size());
        List<Integer> symbolCounts = new ArrayList<>(terms.size());
        List<String> shrunk = new ArrayList<>();
        terms.forEach((t, d) -> {
            if (d[0] != 0 || d[1] != 0) {
                names.add(t);
                textCounts.add(d[0]);
                symbolCounts.add(d[1]);
                if (d[0] < 0 || d[1] < 0) {
                    shrunk.add(t);
                }
            }
        });
        if (!names.isEmpty()) {
            // Update, then insert the new terms: an INSERT .. ON CONFLICT would check the proposed row (with a
            // negative count) against the CHECK constraints before resolving the conflict. Only the writer holding
            // the project's write lock gets here, so nobody inserts a term in between.
            try (PreparedStatement ps = c.prepareStatement("UPDATE term_stats t SET chunks = t.chunks + d.n, "
                    + "symbol_chunks = t.symbol_chunks + d.s FROM unnest(?::text[], ?::int[], ?::int[]) AS d(term, n, s) "
                    + "WHERE t.term = d.term")) {
                bindDelta(c, ps, names, textCounts, symbolCounts);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO term_stats (term, chunks, symbol_chunks) "
                    + "SELECT d.term, d.n, d.s FROM unnest(?::text[], ?::int[], ?::int[]) AS d(term, n, s) "
                    + "WHERE NOT EXISTS (SELECT 1 FROM term_stats t WHERE t.term = d.term)")) {
                bindDelta(c, ps, names, textCounts, symbolCounts);
                ps.executeUpdate();
            }
        }
        if (!shrunk.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM term_stats WHERE term = ANY (?) AND chunks = 0")) {
                ps.setArray(1, array(c, "text", shrunk));
                ps.executeUpdate();
            }
        }
        try (PreparedStatement ps = c.prepareStatement("UPDATE index_state SET chunks = chunks + ?, "
                + "text_terms = text_terms + ?, symbol_chunks = symbol_chunks + ?, symbol_terms = symbol_terms + ?")) {
            ps.setLong(1, chunks);
            ps.setLong(2, textTerms);
            ps.setLong(3, symbolChunks);
            ps.setLong(4, symbolTerms);
            ps.executeUpdate();
        }
    }

    private static void bindDelta(Connection c, PreparedStatement ps, List<String> names, List<Integer> textCounts,
                                  List<Integer> symbolCounts) throws SQLException {
        ps.setArray(1, array(c, "text", names));
        ps.setArray(2, array(c, "int4", textCounts));
        ps.setArray(3, array(c, "int4", symbolCounts));
    }

    private static Array array(Connection c, String type, List<?> values) throws SQLException {
        return c.createArrayOf(type, values.toArray());
    }
}
