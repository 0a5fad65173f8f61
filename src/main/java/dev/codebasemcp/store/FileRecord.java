package dev.codebasemcp.store;

import java.time.Instant;
import java.util.Objects;

/**
 * A file manifest entry.
 *
 * @param path        repo-relative, '/'-separated
 * @param contentHash hex SHA-256 of the file bytes
 */
public record FileRecord(String path, long sizeBytes, long mtimeMillis, String contentHash, String language,
                         int chunkCount, Instant indexedAt) {
    public FileRecord {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(contentHash, "contentHash");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(indexedAt, "indexedAt");
    }
}
