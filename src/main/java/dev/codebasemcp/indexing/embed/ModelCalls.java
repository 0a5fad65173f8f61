package dev.codebasemcp.indexing.embed;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Runs the model over texts in calls of {@code callSize}, shortest texts first, so that a call holds texts of similar
 * cost (less padding), and puts the vectors back in the caller's order.
 */
final class ModelCalls {
    private ModelCalls() {
    }

    /**
     * @param beforeEachCall runs before every model call (the indexer checks for cancel there)
     * @param afterEachCall  gets each call's text indexes (into {@code texts}) and their vectors
     * @return one vector per text, in the order of {@code texts}
     */
    static List<float[]> inLengthOrder(Embedder embedder, List<String> texts, int callSize, Runnable beforeEachCall,
                                       BiConsumer<List<Integer>, List<float[]>> afterEachCall) {
        Integer[] order = new Integer[texts.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt(i -> texts.get(i).length()));
        float[][] vectors = new float[texts.size()][];
        for (int from = 0; from < order.length; from += callSize) {
            List<Integer> indexes = Arrays.asList(order).subList(from, Math.min(order.length, from + callSize));
            List<String> call = new ArrayList<>(indexes.size());
            for (int i : indexes) {
                call.add(texts.get(i));
            }
            beforeEachCall.run();
            List<float[]> out = embedder.embedDocuments(call);
            if (out.size() != call.size()) {
                throw new IllegalStateException("embedder " + embedder.modelId() + " returned " + out.size()
                        + " vectors for " + call.size() + " texts");
            }
            for (int k = 0; k < indexes.size(); k++) {
                vectors[indexes.get(k)] = out.get(k);
            }
            afterEachCall.accept(indexes, out);
        }
        return Arrays.asList(vectors);
    }
}
