package dev.codebasemcp.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One project's data plane: repositories, the file manifest and chunks, with vectors where they were computed (a
 * chunk may be committed for lexical search first and get its vector in a later commit).
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

    /**
     * Up to {@code limit} committed chunks that have no vector, leaving out those whose vector was staged by
     * {@link #setVectors} since the last commit, so that successive pages make progress before a commit. Chunks
     * staged by {@link #replaceFile} are not seen before they are committed. Order is unspecified.
     */
    List<PendingVector> chunksWithoutVectors(int limit);

    /**
     * Stages vectors for committed chunks by chunk id (visible at {@link #commit}). An id that is not in the committed
     * index, or whose file or repository was replaced or deleted since the last commit, is ignored: a vector never
     * brings back a chunk. Vectors must have the project's one dimension.
     */
    void setVectors(Map<String, float[]> vectorsByChunkId);

    /** How many committed chunks have no vector (cheap enough to ask on every search). */
    long countChunksWithoutVectors();

    /**
     * The ids among {@code chunkIds} of committed chunks without a vector (unknown ids are left out). For a hybrid
     * search while vectors are still being filled in; asked for a search's few dozen candidates.
     */
    Set<String> withoutVectors(Collection<String> chunkIds);

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
