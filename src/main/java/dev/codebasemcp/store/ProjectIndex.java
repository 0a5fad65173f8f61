package dev.codebasemcp.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One project's data plane: repositories, the file manifest and chunks with vectors.
 *
 * <p>Writes ({@link #replaceFile}, {@link #deleteFile}, {@link #deleteRepository}) are staged and become visible
 * to searches and durable only at {@link #commit}; a file's manifest entry and its chunks always commit together.
 * {@link #rollback} discards everything staged since the last commit. Only one writer at a time per project
 * (the job system guarantees that); readers may run concurrently with the writer.
 */
public interface ProjectIndex {

    /** Registers (or returns) the repository at this absolute, normalized path. Ids are stable for a path. */
    RepositoryInfo upsertRepository(String absolutePath);

    List<RepositoryInfo> repositories();

    /** The committed manifest of one repository: repo-relative path → record. */
    Map<String, FileRecord> manifest(String repositoryId);

    /** Stages: drop the file's previous chunks and manifest entry, add these. */
    void replaceFile(String repositoryId, FileRecord file, List<IndexedChunk> chunks);

    /** Stages: remove the file's manifest entry and chunks. */
    void deleteFile(String repositoryId, String path);

    /** Stages: remove every file and chunk of the repository (force reindex). */
    void deleteRepository(String repositoryId);

    /**
     * Makes staged writes durable and visible, together with this metadata (e.g. last_indexed_at, embedding
     * model id and dimension); returns when durable.
     */
    void commit(Map<String, String> metadata);

    /** Discards staged writes. */
    void rollback();

    /** Metadata stored by the last commit. */
    Map<String, String> metadata();

    /** Releases the write lock/resources held for writing; readers stay usable. */
    void releaseWriter();

    /** BM25 over code-aware tokens of content, symbol and path. Best first. */
    List<ChunkHit> lexical(String query, SearchFilter filter, int k);

    /** Nearest neighbours by cosine similarity. Best first. Empty when no vectors are stored. */
    List<ChunkHit> semantic(float[] queryVector, SearchFilter filter, int k);

    IndexStats stats();

    /** Stats of one repository, if registered. */
    Optional<IndexStats> stats(String repositoryId);
}
