package dev.codebasemcp;

/**
 * Progress counters of an indexing job; all are cumulative over the job except {@code embeddingsPending}.
 *
 * @param embeddingsPending chunks of the project still without a vector at the last report (a gauge, not cumulative)
 */
public record JobCounters(
        long filesScanned, long filesTotal, long filesIndexed, long filesUnchanged, long filesDeleted, long filesSkipped,
        long chunksCreated, long chunksDeleted, long embeddingsComputed, long embeddingsCached, long embeddingsPending) {

    public static final JobCounters ZERO = new JobCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /** Counters without the pending-embeddings gauge (which stays 0). */
    public JobCounters(long filesScanned, long filesTotal, long filesIndexed, long filesUnchanged, long filesDeleted,
                       long filesSkipped, long chunksCreated, long chunksDeleted, long embeddingsComputed,
                       long embeddingsCached) {
        this(filesScanned, filesTotal, filesIndexed, filesUnchanged, filesDeleted, filesSkipped, chunksCreated,
                chunksDeleted, embeddingsComputed, embeddingsCached, 0);
    }
}
