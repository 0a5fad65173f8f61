package dev.codebasemcp.store.postgres;

import dev.codebasemcp.store.SearchFilter;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SearchFilter} as SQL over {@code code_chunks c}: a fragment of {@code AND ...} conditions and its bind
 * values. Every value is a bind parameter; the path pattern is anchored because {@code ~} matches anywhere while
 * the filter's regex must match the whole path (as Lucene's RegexpQuery and {@code String.matches} do).
 */
record PostgresFilter(String sql, List<Object> values) {

    static final PostgresFilter NONE = new PostgresFilter("", List.of());

    static PostgresFilter of(SearchFilter filter) {
        if (filter == null || filter.isEmpty()) {
            return NONE;
        }
        StringBuilder sql = new StringBuilder();
        List<Object> values = new ArrayList<>();
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
            sql.append(" AND (c.path = ? OR starts_with(c.path, ?))");
            values.add(filter.pathPrefix());
            values.add(filter.pathPrefix() + "/");
        }
        if (filter.pathRegex() != null) {
            sql.append(" AND c.path ~ ?");
            values.add("^(?:" + filter.pathRegex() + ")$");
        }
        return new PostgresFilter(sql.toString(), List.copyOf(values));
    }

    /** Binds the values from parameter {@code first}; returns the next free index. */
    int bind(PreparedStatement ps, int first) throws SQLException {
        int i = first;
        for (Object v : values) {
            ps.setObject(i++, v);
        }
        return i;
    }
}
