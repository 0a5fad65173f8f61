package dev.codebasemcp.search;

import java.time.Instant;

/**
 * How complete and fresh the searched index is.
 *
 * @param state                {@code empty} (nothing indexed, no job), {@code indexing} (a job is pending or running),
 *                             {@code ready}
 * @param chunksWithoutVectors committed chunks not embedded yet: lexical search finds them, the semantic leg does not
 */
public record IndexState(String state, long files, long chunks, Instant lastIndexedAt, String activeJobId,
                         long chunksWithoutVectors) {

    /** Whether the semantic leg covers every chunk. */
    public boolean vectorsComplete() {
        return chunksWithoutVectors == 0;
    }
}
