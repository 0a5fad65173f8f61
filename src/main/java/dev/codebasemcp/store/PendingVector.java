package dev.codebasemcp.store;

import dev.codebasemcp.Chunk;
import java.util.Objects;

/**
 * A committed chunk that has no vector yet, with what is needed to rebuild its embedding text.
 *
 * @param chunkId the chunk's id, the key for {@link ProjectIndex#setVectors}
 * @param path    repo-relative path of its file
 */
public record PendingVector(String chunkId, String path, Chunk chunk) {
    public PendingVector {
        Objects.requireNonNull(chunkId, "chunkId");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(chunk, "chunk");
    }
}
