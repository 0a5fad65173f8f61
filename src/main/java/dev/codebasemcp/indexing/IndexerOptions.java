package dev.codebasemcp.indexing;

/**
 * Batch and checkpoint sizes of the pipeline.
 *
 * @param embedBatchChunks chunks gathered before a batch is embedded and staged
 * @param embedCallChunks  chunks per embedder call (cancel is checked between calls, so keep calls short)
 * @param checkpointFiles  changed files per checkpoint commit
 * @param checkpointMillis longest time between checkpoint commits while files change
 */
public record IndexerOptions(long maxRepoSizeBytes, int embedBatchChunks, int embedCallChunks, int checkpointFiles,
                             long checkpointMillis) {
    public IndexerOptions {
        if (maxRepoSizeBytes <= 0 || embedBatchChunks <= 0 || embedCallChunks <= 0 || checkpointFiles <= 0 || checkpointMillis <= 0) {
            throw new IllegalArgumentException("indexer options must be positive");
        }
    }

    public static IndexerOptions defaults(long maxRepoSizeBytes) {
        return new IndexerOptions(maxRepoSizeBytes, 64, 8, 500, 10_000);
    }
}
