package dev.codebasemcp.store;

import java.util.concurrent.atomic.AtomicLong;

/**
 * When an embedding cache should delete its least recently used entries: every tenth of the cap (at most 10,000)
 * inserts counted by this process, and on the first insert of a process. Entries a hit has not refreshed for
 * {@link #TOUCH_AFTER_SECONDS} get their last-used time refreshed, so lookups rarely write.
 */
public final class CacheCap {

    public static final long TOUCH_AFTER_SECONDS = 24 * 3600;

    private final long maxEntries;
    private final long trimEvery;
    private final AtomicLong insertsSinceTrim;

    public CacheCap(long maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be >= 1: " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.trimEvery = Math.max(1, Math.min(10_000, maxEntries / 10));
        this.insertsSinceTrim = new AtomicLong(trimEvery); // the first put of a process checks the cap
    }

    public long maxEntries() {
        return maxEntries;
    }

    /** Counts {@code inserted} new entries; true when the caller should trim now. */
    public boolean trimDueAfter(long inserted) {
        if (insertsSinceTrim.addAndGet(inserted) >= trimEvery) {
            insertsSinceTrim.set(0);
            return true;
        }
        return false;
    }
}
