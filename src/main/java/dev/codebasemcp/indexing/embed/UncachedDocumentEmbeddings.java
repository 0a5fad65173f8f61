package dev.codebasemcp.indexing.embed;

import java.util.Collections;
import java.util.List;

/**
 * {@link DocumentEmbeddings} without a cache: {@link #cached} knows nothing, {@link #embed} runs the model on every
 * text. Texts are sorted by length before they are cut into calls of {@code callSize}, so that a call holds texts of
 * similar cost, and the vectors are put back in the caller's order.
 */
public final class UncachedDocumentEmbeddings implements DocumentEmbeddings {

    private final Embedder embedder;
    private final int callSize;

    public UncachedDocumentEmbeddings(Embedder embedder, int callSize) {
        if (callSize < 1) {
            throw new IllegalArgumentException("callSize must be at least 1, was " + callSize);
        }
        this.embedder = embedder;
        this.callSize = callSize;
    }

    @Override
    public String modelId() {
        return embedder.modelId();
    }

    @Override
    public int dimension() {
        return embedder.dimension();
    }

    @Override
    public boolean dimensionKnown() {
        return embedder.dimensionKnown();
    }

    @Override
    public List<float[]> cached(List<String> texts) {
        return Collections.nCopies(texts.size(), null);
    }

    @Override
    public Batch embed(List<String> texts, Runnable beforeEachModelCall) {
        return new Batch(ModelCalls.inLengthOrder(embedder, texts, callSize, beforeEachModelCall, (indexes, vectors) -> { }),
                texts.size(), 0);
    }
}
