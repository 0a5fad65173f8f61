package dev.codebasemcp.indexing.embed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
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
    public List<float[]> cached(List<String> texts) {
        return Collections.nCopies(texts.size(), null);
    }

    @Override
    public Batch embed(List<String> texts, Runnable beforeEachModelCall) {
        Integer[] order = new Integer[texts.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt(i -> texts.get(i).length()));
        float[][] vectors = new float[texts.size()][];
        for (int from = 0; from < order.length; from += callSize) {
            int to = Math.min(order.length, from + callSize);
            List<String> call = new ArrayList<>(to - from);
            for (int k = from; k < to; k++) {
                call.add(texts.get(order[k]));
            }
            beforeEachModelCall.run();
            List<float[]> out = embedder.embedDocuments(call);
            if (out.size() != call.size()) {
                throw new IllegalStateException("embedder " + embedder.modelId() + " returned " + out.size()
                        + " vectors for " + call.size() + " texts");
            }
            for (int k = from; k < to; k++) {
                vectors[order[k]] = out.get(k - from);
            }
        }
        return new Batch(Arrays.asList(vectors), texts.size(), 0);
    }
}
