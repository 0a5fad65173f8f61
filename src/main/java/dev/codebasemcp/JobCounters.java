package dev.codebasemcp;

/** Progress counters of an indexing job; all are cumulative over the job. */
public record JobCounters(
        long filesScanned, long filesTotal, long filesIndexed, long filesUnchanged, long filesDeleted, long filesSkipped,
        long chunksCreated, long chunksDeleted, long embeddingsComputed, long embeddingsCached) {

    public static final JobCounters ZERO = new JobCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
