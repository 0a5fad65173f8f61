package dev.codebasemcp.indexing.embed;

import java.util.List;

/**
 * Turns text into unit-length vectors. Documents and queries are embedded differently where the model expects it
 * (bge adds an instruction to queries). Implementations are thread-safe.
 */
public interface Embedder extends AutoCloseable {

    /** Identifies the model and its text handling, e.g. {@code onnx:bge-small-en-v1.5-q}; recorded per project. */
    String modelId();

    int dimension();

    /**
     * Whether {@link #dimension()} is known without asking anyone: always for in-process models; a remote server's
     * only once it has answered (it may be down at startup).
     */
    default boolean dimensionKnown() {
        return true;
    }

    /** Embeds documents (chunks); one unit-length vector per text, same order. */
    List<float[]> embedDocuments(List<String> texts);

    /** Embeds a search query; unit-length. */
    float[] embedQuery(String query);

    @Override
    default void close() {}
}
