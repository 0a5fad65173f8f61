package dev.codebasemcp.indexing.embed;

import java.util.List;

/**
 * Document vectors for the indexer, with a cache by (model id, SHA-256 of the embedded text) behind it where one is
 * configured. The indexer asks {@link #cached} while writing the lexical index (free vectors go in at once) and
 * {@link #embed} while filling in the rest. Implementations are thread-safe.
 */
public interface DocumentEmbeddings {

    /** The model id recorded per project (same as {@link Embedder#modelId()}). */
    String modelId();

    int dimension();

    /** Whether {@link #dimension()} is known without a request (see {@link Embedder#dimensionKnown()}). */
    default boolean dimensionKnown() {
        return true;
    }

    /**
     * Vectors already known for these texts, index-aligned with {@code texts}, {@code null} where unknown. Never calls
     * the model; cheap enough to call for every batch.
     */
    List<float[]> cached(List<String> texts);

    /**
     * Vectors for every text, index-aligned: known ones looked up, the rest computed by the model (length-sorted,
     * in calls of bounded size) and remembered. {@code beforeEachModelCall} runs before every model call; it may throw
     * (e.g. to cancel), in which case nothing further is computed.
     */
    Batch embed(List<String> texts, Runnable beforeEachModelCall);

    /** @param computed texts the model embedded in this call; {@code cached} texts served from the cache */
    record Batch(List<float[]> vectors, int computed, int cached) {

        public Batch {
            vectors = List.copyOf(vectors);
        }
    }
}
