package dev.codebasemcp.indexing;

/**
 * Receives progress from the indexer, often (after every file or batch); implementations throttle what they store.
 * Returning false asks the indexer to stop (the job was cancelled or lost elsewhere).
 */
@FunctionalInterface
public interface ProgressSink {
    boolean progress(Progress progress);
}
