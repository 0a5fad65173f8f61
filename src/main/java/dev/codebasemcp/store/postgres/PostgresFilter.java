package dev.codebasemcp.store.postgres;

import dev.codebasemcp.store.SearchFilter;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SearchFilter} as SQL over {@code code_chunks c}: a fragment of {@code AND ...} conditions and its bind
 * values. Every value is a bind parameter; the path pattern is anchored because {@code ~} matches anywhere while the
 * filter's regex must match the whole path (as Lucene's RegexpQuery and {@code String.matches} do).
 *
 * <p>Path conditions are written so the btree index on {@code path} (C collation) can serve them: a directory prefix
 * as {@code path = d OR path LIKE 'd/%'}, and a glob's literal start (up to its first wildcard) as a {@code LIKE}
 * prefix in front of the regex.
 *
 * <p>{@link #graphSql()} is the same filter with the indexed columns wrapped so that no btree index can serve them:
 * for the HNSW search, where the planner must walk the graph rather than fetch and sort every match (its estimate of
 * a regex's selectivity can be far off).
 *
 * @param narrowsPath whether a path condition can be answered from the path index (so counting matches is cheap)
 */
record PostgresFilter(String sql, String graphSql, List<Object> values, boolean narrowsPath) {

    static final PostgresFilter NONE = new PostgresFilter("", "", List.of(), false);

    static PostgresFilter of(SearchFilter filter) {
        if (filter == null || filter.isEmpty()) {
            return NONE;
        }
        StringBuilder sql = new StringBuilder();
        List<Object> values = new ArrayList<>();
        boolean narrows = false;
        if (filter.repositoryId() != null) {
            sql.append(" AND c.repository_id = ?");
            values.add(filter.repositoryId());
        }
        if (filter.language() != null) {
            sql.append(" AND lower(c.language) = ?");
            values.add(filter.language());
        }
        if (filter.fileExtension() != null) {
            sql.append(" AND c.extension = ?");
            values.add(filter.fileExtension());
        }
        if (filter.pathPrefix() != null) {
            // Whole segments only: "src/main" matches itself and "src/main/...", never "src/mainframe".
            sql.append(" AND (c.path = ? OR c.path LIKE ? ESCAPE '\\')");
            values.add(filter.pathPrefix());
            values.add(likeEscape(filter.pathPrefix() + "/") + "%");
            narrows = true;
        }
        if (filter.pathRegex() != null) {
            String literal = literalPrefix(filter.pathRegex());
            if (!literal.isEmpty()) {
                sql.append(" AND c.path LIKE ? ESCAPE '\\'");
                values.add(likeEscape(literal) + "%");
                narrows = true;
            }
            sql.append(" AND c.path ~ ?");
            values.add("^(?:" + filter.pathRegex() + ")$");
        }
        String indexed = sql.toString();
        String unindexed = indexed.replace("c.repository_id =", "(c.repository_id || '') =").replace("c.path", "(c.path || '')");
        return new PostgresFilter(indexed, unindexed, List.copyOf(values), narrows);
    }

    boolean isEmpty() {
        return values.isEmpty();
    }

    /** Binds the values from parameter {@code first}; returns the next free index. */
    int bind(PreparedStatement ps, int first) throws SQLException {
        int i = first;
        for (Object v : values) {
            ps.setObject(i++, v);
        }
        return i;
    }

    /**
     * The literal text every match of the regex starts with: its characters up to the first construct that is not a
     * plain or escaped character (SearchFilter's regexes are built from globs: {@code [^/]*}, {@code (.*\/)?}, ...).
     * A quantifier after the last literal makes that one optional, so it is dropped too.
     */
    static String literalPrefix(String regex) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < regex.length()) {
            char c = regex.charAt(i);
            int next;
            char literal;
            if (c == '\\' && i + 1 < regex.length() && !Character.isLetterOrDigit(regex.charAt(i + 1))) {
                literal = regex.charAt(i + 1);
                next = i + 2;
            } else if (Character.isLetterOrDigit(c) || c == '/' || c == '_' || c == '-' || c == ' ') {
                literal = c;
                next = i + 1;
            } else {
                break;
            }
            if (next < regex.length() && "*?{+".indexOf(regex.charAt(next)) >= 0) {
                break;
            }
            out.append(literal);
            i = next;
        }
        return out.toString();
    }

    private static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
