package dev.codebasemcp.search;

import dev.codebasemcp.store.ChunkHit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Fuses the lexical and semantic candidate lists of a hybrid search: each leg's scores are min-max normalised over
 * its own candidates (best 1, worst 0; a chunk a leg did not return counts 0 there) and combined as
 * {@code LEXICAL_WEIGHT * lexical + (1 - LEXICAL_WEIGHT) * semantic}.
 *
 * <p>Why not Reciprocal Rank Fusion: on the retrieval-quality evaluation ({@code codebase-mcp quality}, 600 queries in
 * four languages) rank fusion throws away how far ahead a leg's best candidate is; score fusion kept it and raised
 * function-level MRR@10 from 0.542 to 0.559 (every language improved), where weighting RRF's legs or changing its k
 * gained at most half as much and traded languages against each other. The lexical leg weighs 0.4: once the embedded
 * header spelled symbols as words ({@code indexing.EmbeddingText}) the semantic leg became the stronger one, and
 * weights 0.35-0.45 scored 0.579-0.584 against 0.573 at 0.5 (offline, on the legs {@code quality --dump-legs} wrote).
 *
 * <p>While a project's vectors are still being filled in, a lexical candidate without a vector scores its normalised
 * lexical score alone (as if the semantic leg agreed), not 0.4 of it: otherwise every embedded chunk would outrank it
 * on the semantic share and hybrid would rank worse than lexical-only until the fill-in ends. Simulated on the
 * evaluation's dumped legs with a random share of chunks embedded, MRR@10 with 10/25/50/75% embedded went from
 * 0.296/0.326/0.405/0.502 to 0.490/0.506/0.521/0.551 (lexical-only 0.498; all embedded 0.585).
 *
 * <p>Then a prior: chunks of test files are scaled down unless the query asks for tests ({@link TestCode}).
 */
final class HybridFusion {
    static final double LEXICAL_WEIGHT = 0.4;

    private HybridFusion() {
    }

    /** Fused without the test-code prior, every chunk with a vector. */
    static List<SearchService.Scored> fuse(List<ChunkHit> lexical, List<ChunkHit> semantic) {
        return fuse(lexical, semantic, false, Set.of());
    }

    /**
     * @param demoteTests    whether chunks of test files get {@link TestCode#DEMOTION} times their fused score
     * @param withoutVectors lexical candidates that have no vector yet (vectors still being filled in): the semantic
     *                       leg cannot see them, so their lexical score stands in for both legs instead of losing the
     *                       semantic share to every chunk that happens to be embedded already
     */
    static List<SearchService.Scored> fuse(List<ChunkHit> lexical, List<ChunkHit> semantic, boolean demoteTests,
                                           Set<String> withoutVectors) {
        Map<String, ChunkHit> hits = new LinkedHashMap<>();
        Map<String, Double> scores = new LinkedHashMap<>();
        add(lexical, LEXICAL_WEIGHT, hits, scores);
        add(semantic, 1 - LEXICAL_WEIGHT, hits, scores);
        if (!withoutVectors.isEmpty()) {
            for (String id : withoutVectors) {
                scores.computeIfPresent(id, (k, lexicalShare) -> lexicalShare / LEXICAL_WEIGHT);
            }
        }
        List<SearchService.Scored> out = new ArrayList<>(hits.size());
        hits.forEach((id, h) -> out.add(new SearchService.Scored(h,
                demoteTests && TestCode.isTestPath(h.path()) ? TestCode.DEMOTION * scores.get(id) : scores.get(id))));
        out.sort(Comparator.comparingDouble(SearchService.Scored::score).reversed().thenComparing(s -> s.hit().chunkId()));
        return out;
    }

    private static void add(List<ChunkHit> leg, double weight, Map<String, ChunkHit> hits, Map<String, Double> scores) {
        if (leg.isEmpty()) {
            return;
        }
        double max = Double.NEGATIVE_INFINITY;
        double min = Double.POSITIVE_INFINITY;
        for (ChunkHit h : leg) {
            max = Math.max(max, h.score());
            min = Math.min(min, h.score());
        }
        double range = max - min;
        for (ChunkHit h : leg) {
            double normalised = range > 0 ? (h.score() - min) / range : 1.0;
            hits.putIfAbsent(h.chunkId(), h);
            scores.merge(h.chunkId(), weight * normalised, Double::sum);
        }
    }
}
