package dev.codebasemcp.indexing;

/**
 * Batch and checkpoint sizes of the pipeline.
 *
 * @param embedBatchChunks       chunks gathered (and looked up in the embedding cache) before they are staged
 * @param embedCallChunks        chunks per embedding model call (cancel is checked between calls, so keep calls short)
 * @param checkpointFiles        changed files per checkpoint commit of the lexical phase
 * @param checkpointMillis       longest time between checkpoint commits, in both phases
 * @param vectorPageChunks       chunks without a vector read back from the store (and embedded) at a time
 * @param vectorCheckpointChunks vectors per checkpoint commit of the embedding phase
 * @param prepareThreads         threads reading, hashing and chunking files ahead of the single writer
 * @param freshFirstChunks       at most this many of a run's own new chunks are embedded ahead of an older backlog
 */
public record IndexerOptions(long maxRepoSizeBytes, int embedBatchChunks, int embedCallChunks, int checkpointFiles,
                             long checkpointMillis, int vectorPageChunks, int vectorCheckpointChunks, int prepareThreads,
                             int freshFirstChunks) {
    static final int DEFAULT_FRESH_FIRST_CHUNKS = 4096;

    public IndexerOptions {
        if (maxRepoSizeBytes <= 0 || embedBatchChunks <= 0 || embedCallChunks <= 0 || checkpointFiles <= 0 || checkpointMillis <= 0
                || vectorPageChunks <= 0 || vectorCheckpointChunks <= 0 || prepareThreads <= 0 || freshFirstChunks < 0) {
            throw new IllegalArgumentException("indexer options must be positive");
        }
    }

    public IndexerOptions(long maxRepoSizeBytes, int embedBatchChunks, int embedCallChunks, int checkpointFiles,
                          long checkpointMillis, int vectorPageChunks, int vectorCheckpointChunks, int prepareThreads) {
        this(maxRepoSizeBytes, embedBatchChunks, embedCallChunks, checkpointFiles, checkpointMillis, vectorPageChunks,
                vectorCheckpointChunks, prepareThreads, DEFAULT_FRESH_FIRST_CHUNKS);
    }

    /** Options with the default page (128) and checkpoint (1,024 vectors) of the embedding phase, 2 threads. */
    public IndexerOptions(long maxRepoSizeBytes, int embedBatchChunks, int embedCallChunks, int checkpointFiles,
                          long checkpointMillis) {
        this(maxRepoSizeBytes, embedBatchChunks, embedCallChunks, checkpointFiles, checkpointMillis, 128, 1024, 2);
    }

    /** Options with 2 threads preparing files. */
    public IndexerOptions(long maxRepoSizeBytes, int embedBatchChunks, int embedCallChunks, int checkpointFiles,
                          long checkpointMillis, int vectorPageChunks, int vectorCheckpointChunks) {
        this(maxRepoSizeBytes, embedBatchChunks, embedCallChunks, checkpointFiles, checkpointMillis, vectorPageChunks,
                vectorCheckpointChunks, 2);
    }

    public static IndexerOptions defaults(long maxRepoSizeBytes) {
        return new IndexerOptions(maxRepoSizeBytes, 256, 8, 500, 10_000, 128, 1024, 2);
    }

    /** The same options with this many threads preparing files (1 keeps only reading ahead off the writer). */
    public IndexerOptions withPrepareThreads(int threads) {
        return new IndexerOptions(maxRepoSizeBytes, embedBatchChunks, embedCallChunks, checkpointFiles, checkpointMillis,
                vectorPageChunks, vectorCheckpointChunks, threads, freshFirstChunks);
    }

    /** The same options remembering at most this many of a run's own chunks to embed ahead of an older backlog. */
    public IndexerOptions withFreshFirstChunks(int chunks) {
        return new IndexerOptions(maxRepoSizeBytes, embedBatchChunks, embedCallChunks, checkpointFiles, checkpointMillis,
                vectorPageChunks, vectorCheckpointChunks, prepareThreads, chunks);
    }
}
