package dev.codebasemcp.store.embedded;

import dev.codebasemcp.store.FileRecord;
import dev.codebasemcp.store.IndexedChunk;
import dev.codebasemcp.store.RepositoryInfo;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.ConcurrentMergeScheduler;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.LockObtainFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of one project index: an {@link IndexWriter} opened on the first staged write (taking the
 * directory's {@code write.lock}, which also excludes other processes) and closed again by {@link #release},
 * {@link #rollback} or {@link #close}. Staged writes are never committed implicitly ({@code commitOnClose=false});
 * only finished background merges are, at {@link #release}.
 *
 * <p>Also enforces one vector dimension per index: the committed one, or else the first staged vector's.
 */
final class LuceneIndexWriterSession implements Closeable {

    /** What the session needs to know about the committed index. */
    interface Committed {
        List<RepositoryInfo> repositories();

        /** Committed files and chunks of repositories other than these. */
        long contentOutside(Set<String> repositoryIds);

        /** Dimension of committed vectors, 0 when none. */
        int vectorDimension();
    }

    private static final Logger LOG = LoggerFactory.getLogger(LuceneIndexWriterSession.class);
    static final int LANES = 2;
    /** File writes queued at most; bounds the memory held by documents not yet indexed. */
    private static final int MAX_IN_FLIGHT = 16;
    private static final AtomicInteger SESSIONS = new AtomicInteger();

    private final String projectName;
    private final Path path;
    private final Directory directory;
    private final Committed committed;
    private final CodeAnalyzer analyzer = new CodeAnalyzer();
    private final LuceneWriteTuning tuning;

    // All guarded by this.
    private IndexWriter writer;
    private int dimension;
    /** Whether anything was staged since the last commit (the writer's own flag also counts background merges). */
    private boolean staged;
    private final Map<String, RepositoryInfo> stagedRepos = new LinkedHashMap<>();
    private final Set<String> reposWithStagedFiles = new HashSet<>();
    private final Set<String> reposStagedForDelete = new HashSet<>();
    /** File keys replaced or deleted since the last commit: committed chunks of these files must not get vectors. */
    private final Set<String> filesStaged = new HashSet<>();
    /** Chunk ids given a vector since the last commit. */
    private final Set<String> vectorsStaged = new HashSet<>();
    private boolean closed;
    /**
     * File writes run on {@link #LANES} threads, a file always on the same one (by its key), so Lucene analyses two
     * files at once while the order of writes to one file is kept; every other operation first waits for them.
     */
    private ExecutorService[] lanes;
    private final ArrayDeque<Future<?>> inFlight = new ArrayDeque<>();

    LuceneIndexWriterSession(String projectName, Path path, Directory directory, Committed committed) {
        this(projectName, path, directory, committed, LuceneWriteTuning.DEFAULT);
    }

    LuceneIndexWriterSession(String projectName, Path path, Directory directory, Committed committed, LuceneWriteTuning tuning) {
        this.tuning = tuning;
        this.projectName = projectName;
        this.path = path;
        this.directory = directory;
        this.committed = committed;
    }

    synchronized List<RepositoryInfo> stagedRepositories() {
        return List.copyOf(stagedRepos.values());
    }

    synchronized void stageRepository(RepositoryInfo repo) {
        if (stagedRepos.containsKey(repo.id())) {
            return;
        }
        IndexWriter w = open();
        drain();
        try {
            w.updateDocument(new Term(LuceneSchema.REPO_KEY, repo.id()), LuceneSchema.repoDoc(repo));
        } catch (IOException e) {
            throw failed("registering repository " + repo.path(), e);
        }
        stagedRepos.put(repo.id(), repo);
        staged = true;
    }

    synchronized void stageFile(String repositoryId, FileRecord file, List<IndexedChunk> chunks) {
        IndexWriter w = open();
        int dim = dimension;
        List<Document> docs = new ArrayList<>(chunks.size() + 1);
        docs.add(LuceneSchema.fileDoc(repositoryId, file));
        for (IndexedChunk c : chunks) {
            float[] unit = null;
            if (c.vector() != null) {
                unit = LuceneSchema.unitVector(c.vector(), "vector of chunk " + c.id() + " in " + c.path());
                if (dim == 0) {
                    dim = unit.length;
                } else if (dim != unit.length) {
                    throw new IllegalArgumentException("chunk " + c.id() + " in " + c.path() + " has a " + unit.length
                            + "-dimensional vector but project " + projectName + " stores " + dim
                            + "-dimensional vectors; all chunks of a project must come from one embedding model");
                }
            }
            docs.add(LuceneSchema.chunkDoc(repositoryId, c, unit));
        }
        String fileKey = LuceneSchema.fileKey(repositoryId, file.path());
        submit(fileKey, () -> {
            try {
                w.updateDocuments(new Term(LuceneSchema.FILE_KEY, fileKey), docs);
            } catch (IOException e) {
                throw failed("writing " + file.path(), e);
            }
        });
        dimension = dim;
        reposWithStagedFiles.add(repositoryId);
        filesStaged.add(fileKey);
        staged = true;
    }

    /** Chunk ids given a vector since the last commit. */
    synchronized Set<String> stagedVectorIds() {
        return Set.copyOf(vectorsStaged);
    }

    /**
     * Re-adds committed chunks with their vectors, replacing the committed documents at the next commit. Chunks whose
     * file or repository was replaced or deleted since the last commit are skipped (never resurrected).
     *
     * @param committed the committed chunks by id, read from the last commit
     * @return how many were staged
     */
    synchronized int stageVectors(Map<String, LuceneVectorBackfill.Stored> committed, Map<String, float[]> vectors) {
        IndexWriter w = open();
        drain();
        int dim = dimension;
        int count = 0;
        for (Map.Entry<String, float[]> e : vectors.entrySet()) {
            LuceneVectorBackfill.Stored c = committed.get(e.getKey());
            if (c == null || reposStagedForDelete.contains(c.repositoryId())
                    || filesStaged.contains(LuceneSchema.fileKey(c.repositoryId(), c.chunk().path()))) {
                continue;
            }
            float[] unit = LuceneSchema.unitVector(e.getValue(), "vector of chunk " + e.getKey() + " in " + c.chunk().path());
            if (dim == 0) {
                dim = unit.length;
            } else if (dim != unit.length) {
                throw new IllegalArgumentException("chunk " + e.getKey() + " in " + c.chunk().path() + " gets a " + unit.length
                        + "-dimensional vector but project " + projectName + " stores " + dim
                        + "-dimensional vectors; all chunks of a project must come from one embedding model");
            }
            try {
                w.updateDocument(new Term(LuceneSchema.ID, e.getKey()), LuceneSchema.chunkDoc(c.repositoryId(), c.chunk(), unit));
            } catch (IOException ex) {
                throw failed("adding the vector of chunk " + e.getKey(), ex);
            }
            dimension = dim;
            vectorsStaged.add(e.getKey());
            staged = true;
            count++;
        }
        return count;
    }

    synchronized void stageFileDelete(String repositoryId, String filePath) {
        IndexWriter w = open();
        String fileKey = LuceneSchema.fileKey(repositoryId, filePath);
        submit(fileKey, () -> {
            try {
                w.deleteDocuments(new Term(LuceneSchema.FILE_KEY, fileKey));
            } catch (IOException e) {
                throw failed("deleting " + filePath, e);
            }
        });
        filesStaged.add(LuceneSchema.fileKey(repositoryId, filePath));
        staged = true;
    }

    synchronized void stageRepositoryDelete(String repositoryId) {
        IndexWriter w = open();
        drain();
        Set<String> gone = new HashSet<>(reposStagedForDelete);
        gone.add(repositoryId);
        boolean othersStaged = reposWithStagedFiles.stream().anyMatch(id -> !id.equals(repositoryId));
        try {
            if (!othersStaged && committed.contentOutside(gone) == 0) {
                // Nothing else holds content: start from an empty index, which also forgets the vector dimension,
                // so a forced reindex can switch embedding models. Repository registrations are kept.
                Map<String, RepositoryInfo> repos = new LinkedHashMap<>();
                committed.repositories().forEach(r -> repos.put(r.id(), r));
                repos.putAll(stagedRepos);
                w.deleteAll();
                for (RepositoryInfo r : repos.values()) {
                    w.addDocument(LuceneSchema.repoDoc(r));
                }
                dimension = 0;
                reposWithStagedFiles.clear();
            } else {
                w.deleteDocuments(new Term(LuceneSchema.REPO_ID, repositoryId));
                reposWithStagedFiles.remove(repositoryId);
            }
        } catch (IOException e) {
            throw failed("deleting repository " + repositoryId, e);
        }
        reposStagedForDelete.add(repositoryId);
        staged = true;
    }

    /** Commits staged writes with the previous commit's metadata overlaid by {@code metadata}. */
    synchronized void commit(Map<String, String> metadata) {
        Map<String, String> data = new HashMap<>();
        IndexWriter w = open();
        try {
            drain();
        } catch (RuntimeException e) {
            // A staged file write failed: committing now would commit a batch with a hole in it.
            rollback();
            throw e;
        }
        Iterable<Map.Entry<String, String>> previous = w.getLiveCommitData();
        if (previous != null) {
            previous.forEach(e -> data.put(e.getKey(), e.getValue()));
        }
        metadata.forEach((key, value) -> {
            if (key == null || value == null) {
                throw new IllegalArgumentException("commit metadata must not contain null keys or values: " + key + "=" + value);
            }
            data.put(key, value);
        });
        data.put(LuceneSchema.LAYOUT_VERSION_KEY, LuceneSchema.LAYOUT_VERSION);
        w.setLiveCommitData(data.entrySet());
        try {
            w.commit();
        } catch (IOException e) {
            throw failed("committing", e);
        }
        clearStaged();
    }

    synchronized void rollback() {
        drainQuietly();
        if (writer != null) {
            IndexWriter w = writer;
            writer = null;
            try {
                w.rollback();
            } catch (IOException e) {
                throw failed("rolling back", e);
            } finally {
                clearStaged();
            }
        }
        clearStaged();
    }

    /**
     * Closes the writer and frees the write lock. Writes staged since the last commit are discarded (with a warning);
     * otherwise background merges are waited for and committed, so that segments from checkpoint commits get merged
     * rather than aborted every time a job ends.
     */
    synchronized void release() {
        close(true);
    }

    @Override
    public synchronized void close() {
        closed = true;
        close(false);
    }

    private void close(boolean finishMerges) {
        drainQuietly();
        if (closed && lanes != null) {
            for (ExecutorService lane : lanes) {
                lane.shutdownNow();
            }
        }
        if (writer == null) {
            return;
        }
        IndexWriter w = writer;
        writer = null;
        try {
            if (staged) {
                LOG.warn("project {}: releasing the index writer discards writes staged since the last commit", projectName);
            } else if (finishMerges) {
                if (w.getConfig().getMergeScheduler() instanceof ConcurrentMergeScheduler merges) {
                    merges.sync();
                }
                if (w.hasUncommittedChanges()) {
                    w.commit();
                }
            }
            w.close();
        } catch (IOException e) {
            throw failed("closing the writer", e);
        } finally {
            clearStaged();
        }
    }

    private void clearStaged() {
        staged = false;
        stagedRepos.clear();
        reposWithStagedFiles.clear();
        reposStagedForDelete.clear();
        filesStaged.clear();
        vectorsStaged.clear();
        dimension = writer == null ? 0 : dimension;
    }

    private IndexWriter open() {
        if (closed) {
            throw new IllegalStateException("the index of project " + projectName + " at " + path + " is closed");
        }
        if (writer != null) {
            return writer;
        }
        IndexWriterConfig config = tuning.writerConfig(analyzer)
                .setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
                .setCommitOnClose(false);
        IndexWriter w;
        try {
            w = new IndexWriter(directory, config);
        } catch (LockObtainFailedException e) {
            throw new IllegalStateException("the index of project " + projectName + " at " + path
                    + " is locked for writing by another codebase-mcp process or store instance (probably indexing it);"
                    + " retry when that indexing job has finished", e);
        } catch (IOException e) {
            throw failed("opening the writer", e);
        }
        try {
            Map<String, String> data = new HashMap<>();
            Iterable<Map.Entry<String, String>> previous = w.getLiveCommitData();
            if (previous != null) {
                previous.forEach(e -> data.put(e.getKey(), e.getValue()));
            }
            String version = data.get(LuceneSchema.LAYOUT_VERSION_KEY);
            if (version != null && !version.equals(LuceneSchema.LAYOUT_VERSION)) {
                throw new IllegalStateException("the index of project " + projectName + " at " + path
                        + " has layout version " + version + ", this codebase-mcp writes version "
                        + LuceneSchema.LAYOUT_VERSION + "; delete that directory and index the repositories again");
            }
            dimension = committed.vectorDimension();
        } catch (RuntimeException e) {
            try {
                w.rollback();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        writer = w;
        return w;
    }

    /** Queues a write of one file on its lane; waits when too many are queued. */
    private void submit(String fileKey, Runnable write) {
        if (lanes == null) {
            int session = SESSIONS.incrementAndGet();
            lanes = new ExecutorService[LANES];
            for (int i = 0; i < LANES; i++) {
                String name = "lucene-write-" + session + "-" + i;
                lanes[i] = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().name(name).daemon().unstarted(r));
            }
        }
        while (inFlight.size() >= MAX_IN_FLIGHT) {
            await(inFlight.poll());
        }
        inFlight.add(lanes[Math.floorMod(fileKey.hashCode(), LANES)].submit(write));
    }

    /** Waits for every queued file write; rethrows the first failure. */
    private void drain() {
        RuntimeException failure = null;
        while (!inFlight.isEmpty()) {
            try {
                await(inFlight.poll());
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void drainQuietly() {
        try {
            drain();
        } catch (RuntimeException e) {
            LOG.warn("project {}: a staged write failed while its batch was being discarded: {}", projectName, e.getMessage());
        }
    }

    private static void await(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for staged index writes", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("a staged index write failed", e.getCause());
        }
    }

    private UncheckedIOException failed(String what, IOException e) {
        return new UncheckedIOException("project " + projectName + ": " + what + " in the Lucene index at " + path
                + " failed: " + e.getMessage(), e);
    }
}
