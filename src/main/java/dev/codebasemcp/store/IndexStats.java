package dev.codebasemcp.store;

import java.time.Instant;

/** Committed counts; {@code lastIndexedAt} is null when nothing was ever committed. */
public record IndexStats(long files, long chunks, Instant lastIndexedAt) {
    public static final IndexStats EMPTY = new IndexStats(0, 0, null);
}
