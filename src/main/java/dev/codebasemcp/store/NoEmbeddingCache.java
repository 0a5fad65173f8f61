package dev.codebasemcp.store;

import java.util.List;
import java.util.Map;

/** The cache that knows nothing and keeps nothing ({@code EMBEDDING_CACHE=off}). */
enum NoEmbeddingCache implements EmbeddingCache {
    INSTANCE;

    @Override
    public Map<String, float[]> get(String modelId, List<String> textHashes) {
        return Map.of();
    }

    @Override
    public void put(String modelId, Map<String, float[]> vectorsByHash) {
        // keeps nothing by definition
    }

    @Override
    public long size() {
        return 0;
    }
}
