package dev.codebasemcp.search;

import java.util.List;

/**
 * Results plus the index state and which legs ran.
 *
 * @param warning null, or why the results are not what the mode promises (e.g. a hybrid search whose embedding server
 *                failed came back with keyword results only)
 */
public record SearchResponse(List<SearchResult> results, int totalCount, long latencyMs, IndexState index, List<String> legs,
                             String warning) {

    public SearchResponse(List<SearchResult> results, int totalCount, long latencyMs, IndexState index, List<String> legs) {
        this(results, totalCount, latencyMs, index, legs, null);
    }
}
