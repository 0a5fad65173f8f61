package dev.codebasemcp.search;

import java.util.List;

/** Results plus the index state and which legs ran. */
public record SearchResponse(List<SearchResult> results, int totalCount, long latencyMs, IndexState index, List<String> legs) {}
