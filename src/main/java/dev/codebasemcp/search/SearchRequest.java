package dev.codebasemcp.search;

import dev.codebasemcp.InvalidInputException;
import dev.codebasemcp.store.SearchFilter;

/** A validated search: non-blank query (max 2,000 chars), limit 1-50, filter, mode. */
public record SearchRequest(String query, SearchFilter filter, int limit, SearchMode mode) {
    public static final int MAX_LIMIT = 50;
    public static final int MAX_QUERY_CHARS = 2000;

    public SearchRequest {
        if (query == null || query.isBlank()) {
            throw new InvalidInputException("query must not be empty: describe the code you are looking for, e.g. "
                    + "'where are retries with backoff handled' or an identifier like 'parseConfig'");
        }
        if (query.length() > MAX_QUERY_CHARS) {
            throw new InvalidInputException("query is " + query.length() + " characters; the limit is " + MAX_QUERY_CHARS
                    + ". Describe the code in a sentence or two.");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidInputException("limit must be between 1 and " + MAX_LIMIT + ", not " + limit);
        }
        filter = filter == null ? SearchFilter.NONE : filter;
        mode = mode == null ? SearchMode.HYBRID : mode;
    }
}
