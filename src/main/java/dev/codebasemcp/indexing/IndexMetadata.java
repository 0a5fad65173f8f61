package dev.codebasemcp.indexing;

/** Keys of the metadata committed with each checkpoint of a project's data plane. */
public final class IndexMetadata {
    public static final String LAST_INDEXED_AT = "last_indexed_at";
    public static final String EMBEDDING_MODEL = "embedding_model";
    public static final String EMBEDDING_DIMENSION = "embedding_dimension";

    private IndexMetadata() {}
}
