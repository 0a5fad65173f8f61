package dev.codebasemcp.indexing;

import java.nio.file.Path;
import java.util.Objects;

/** What to index: an absolute, normalized repository directory. */
public record IndexRequest(Path repoPath, boolean forceReindex) {
    public IndexRequest {
        Objects.requireNonNull(repoPath, "repoPath");
        if (!repoPath.isAbsolute()) {
            throw new IllegalArgumentException("repoPath must be absolute: " + repoPath);
        }
    }
}
