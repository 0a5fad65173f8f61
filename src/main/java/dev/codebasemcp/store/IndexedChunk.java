package dev.codebasemcp.store;

import dev.codebasemcp.Chunk;
import java.util.Objects;

/**
 * A chunk as written to the data plane.
 *
 * @param id            stable chunk id (see {@link #idFor})
 * @param contextBefore up to a few lines before the chunk, from the indexed file content ("" when none)
 * @param contextAfter  up to a few lines after it
 * @param vector        unit-length embedding, or {@code null} when not (yet) embedded
 */
public record IndexedChunk(String id, String path, Chunk chunk, String contextBefore, String contextAfter, float[] vector) {
    public IndexedChunk {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(chunk, "chunk");
        contextBefore = contextBefore == null ? "" : contextBefore;
        contextAfter = contextAfter == null ? "" : contextAfter;
    }

    public static String idFor(String repositoryId, String path, int startLine, int endLine, String contentHash) {
        String key = repositoryId + '\0' + path + '\0' + startLine + '\0' + endLine + '\0' + contentHash;
        return java.util.UUID.nameUUIDFromBytes(key.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }
}
