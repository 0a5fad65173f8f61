package dev.codebasemcp.eval;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One language's part of the evaluation: the blanked copy to index, its files' text (for the keyword baseline),
 * the sampled queries and how many candidates were seen and why the others were dropped.
 */
public record CorpusSlice(String language, Path blankedRoot, Map<String, String> files, List<DocQuery> queries,
                          int candidates, Map<String, Integer> rejected) {
    public CorpusSlice {
        files = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(files));
        queries = List.copyOf(queries);
        rejected = Map.copyOf(rejected);
    }
}
