package dev.codebasemcp.search;

import java.time.Instant;

/**
 * How complete and fresh the searched index is.
 *
 * @param state {@code empty} (nothing indexed, no job), {@code indexing} (a job is pending or running), {@code ready}
 */
public record IndexState(String state, long files, long chunks, Instant lastIndexedAt, String activeJobId) {}
