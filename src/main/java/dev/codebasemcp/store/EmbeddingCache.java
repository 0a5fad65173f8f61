package dev.codebasemcp.store;

import java.util.List;
import java.util.Map;

/**
 * Document vectors by (model id, SHA-256 of the embedded text), shared by every project of one installation, so a
 * clone, a worktree or a branch switch costs no model time for text that was embedded before. Vectors are stored
 * compactly ({@link HalfFloats}: cosine to the original ≥ 0.99999 for unit vectors), so a vector read back is not
 * bit-identical to the one put.
 *
 * <p>Bounded: an adapter keeps about {@code maxEntries} vectors and evicts the least recently used beyond that (the
 * cap is checked every few thousand inserts, so it may be exceeded by that much). Safe for concurrent threads and
 * processes: a put of a key that is already there keeps the existing vector (the same text under the same model
 * gives the same vector).
 */
public interface EmbeddingCache {

    /**
     * The known vectors among {@code textHashes} (lowercase hex SHA-256 of the embedded text), keyed by hash; absent
     * keys are unknown. Never throws for unknown keys.
     */
    Map<String, float[]> get(String modelId, List<String> textHashes);

    /** Remembers these vectors (keyed by lowercase hex SHA-256 of the text); existing entries are kept. */
    void put(String modelId, Map<String, float[]> vectorsByHash);

    /** A cache that knows nothing and keeps nothing, for {@code EMBEDDING_CACHE=off}. */
    static EmbeddingCache none() {
        return NoEmbeddingCache.INSTANCE;
    }

    /** Entries currently held (an exact count; may scan, so call it for diagnostics, not per batch). */
    long size();
}
