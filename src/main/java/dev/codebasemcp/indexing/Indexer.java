package dev.codebasemcp.indexing;

import dev.codebasemcp.Chunk;
import dev.codebasemcp.JobCounters;
import dev.codebasemcp.JobPhase;
import dev.codebasemcp.indexing.chunk.Chunker;
import dev.codebasemcp.indexing.embed.DocumentEmbeddings;
import dev.codebasemcp.indexing.scan.FileEntry;
import dev.codebasemcp.indexing.scan.RepositoryScanner;
import dev.codebasemcp.indexing.scan.ScanListing;
import dev.codebasemcp.indexing.scan.SkippedFile;
import dev.codebasemcp.indexing.scan.SourceFile;
import dev.codebasemcp.store.FileRecord;
import dev.codebasemcp.store.IndexedChunk;
import dev.codebasemcp.store.PendingVector;
import dev.codebasemcp.store.ProjectIndex;
import dev.codebasemcp.store.RepositoryInfo;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one indexing pass of a repository into a project's data plane in two phases.
 *
 * <p><b>Lexical phase</b> (scan → chunk → write): files stream through in bounded batches (memory holds the file
 * listing plus one batch) and are written without vectors, except vectors the {@link DocumentEmbeddings} already
 * knows (its cache), which go in at once. Incremental by content hash: a file whose hash matches the committed
 * manifest costs no chunking. A checkpoint commits every {@link IndexerOptions#checkpointFiles()} files or
 * {@link IndexerOptions#checkpointMillis()} ms; the last commit makes every file of the run searchable by BM25
 * ({@link Progress#searchableAt()}).
 *
 * <p><b>Embedding phase</b>: chunks still without a vector (from this run, or left by a cancelled or crashed one) are
 * read back from the store in pages of {@link IndexerOptions#vectorPageChunks()}, embedded, and their vectors staged,
 * with a checkpoint every {@link IndexerOptions#vectorCheckpointChunks()} vectors or
 * {@link IndexerOptions#checkpointMillis()} ms. When none is left, {@link Progress#embeddedAt()} is reported.
 *
 * <p>A crashed or cancelled run loses at most one uncommitted batch; a rerun skips every committed file by hash and
 * finishes the missing vectors, which is how a job resumes. Not thread-safe per run; one run per project at a time
 * (the job system guarantees it).
 */
public final class Indexer {

    private static final Logger log = LoggerFactory.getLogger(Indexer.class);
    static final int CONTEXT_LINES = 3;
    static final int MAX_WARNINGS = 200;

    private final RepositoryScanner scanner;
    private final Chunker chunker;
    private final DocumentEmbeddings embeddings;
    private final IndexerOptions options;
    private final Clock clock;

    public Indexer(RepositoryScanner scanner, Chunker chunker, DocumentEmbeddings embeddings, IndexerOptions options,
                   Clock clock) {
        this.scanner = scanner;
        this.chunker = chunker;
        this.embeddings = embeddings;
        this.options = options;
        this.clock = clock;
    }

    /**
     * Indexes the repository. Throws {@link IndexingException} when indexing cannot succeed and
     * {@link IndexingCancelledException} when the sink asked to stop; in both cases uncommitted work is rolled back
     * and earlier checkpoints stay.
     */
    public IndexOutcome index(IndexRequest request, ProjectIndex index, ProgressSink sink) {
        Run run = new Run(request, index, sink);
        try {
            return run.execute();
        } catch (RuntimeException e) {
            try {
                index.rollback();
            } catch (RuntimeException rollbackFailure) {
                e.addSuppressed(rollbackFailure);
            }
            throw e;
        } finally {
            index.releaseWriter();
        }
    }

    /** State of one pass. */
    private final class Run {
        private final IndexRequest request;
        private final ProjectIndex index;
        private final ProgressSink sink;
        private final long startNanos = System.nanoTime();
        private final List<String> warnings = new ArrayList<>();
        private final List<Pending> batch = new ArrayList<>();
        private int batchChunks;
        private long filesScanned, filesTotal, filesIndexed, filesUnchanged, filesDeleted, filesSkipped;
        private long chunksCreated, chunksDeleted, embeddingsComputed, embeddingsCached;
        /** Chunks without a vector: committed before this run (at its start), then written by it; exact in phase 2. */
        private long pendingAtStart, writtenWithoutVector, vectorsPending;
        private long vectorsSet;
        /**
         * Chunks this run wrote without a vector, up to {@link IndexerOptions#freshFirstChunks}: embedded before the backlog of
         * earlier runs, so that an edited file is fully searchable within seconds even while an old backlog fills in.
         */
        private final List<PendingVector> fresh = new ArrayList<>();
        private long lexicalEndNanos, embeddingStartNanos;
        private Instant freshEmbeddedAt;
        private long lastCommitNanos = System.nanoTime();
        private int filesSinceCommit;
        private long lastProgressNanos;
        private double lastPercentage;
        private JobPhase phase = JobPhase.SCANNING;
        private Instant searchableAt, embeddedAt;
        private String repositoryId;

        Run(IndexRequest request, ProjectIndex index, ProgressSink sink) {
            this.request = request;
            this.index = index;
            this.sink = sink;
        }

        IndexOutcome execute() {
            report("Scanning " + request.repoPath(), true);
            ScanListing listing;
            try {
                listing = scanner.list(request.repoPath());
            } catch (IOException e) {
                throw new IndexingException("ScanFailed", "Cannot scan " + request.repoPath() + ": " + e.getMessage(), e);
            }
            long totalBytes = listing.files().stream().mapToLong(FileEntry::size).sum();
            if (totalBytes > options.maxRepoSizeBytes()) {
                throw new IndexingException("RepositoryTooLarge", String.format(
                        "Repository %s holds %.2f GB of indexable files, over MAX_REPO_SIZE_GB=%.2f. Raise MAX_REPO_SIZE_GB or "
                                + "exclude directories with .gitignore or .codebase-mcpignore.",
                        request.repoPath(), totalBytes / 1e9, options.maxRepoSizeBytes() / 1e9));
            }
            filesTotal = listing.files().size();
            for (SkippedFile s : listing.skipped()) {
                skip(s);
            }
            checkModel();
            RepositoryInfo repo = index.upsertRepository(request.repoPath().toString());
            repositoryId = repo.id();
            Map<String, FileRecord> manifest = request.forceReindex() ? Map.of() : index.manifest(repositoryId);
            if (request.forceReindex()) {
                Map<String, FileRecord> old = index.manifest(repositoryId);
                chunksDeleted += old.values().stream().mapToLong(FileRecord::chunkCount).sum();
                index.deleteRepository(repositoryId);
            } else {
                pendingAtStart = index.countChunksWithoutVectors();
            }
            boolean firstIndex = manifest.isEmpty();
            phase = JobPhase.CHUNKING;
            Set<String> seen = new HashSet<>();
            try (FilePreparer files = new FilePreparer(scanner, chunker, manifest, listing.files(),
                    options.prepareThreads(), options.prepareThreads() * 16)) {
                while (files.hasNext()) {
                    FilePreparer.Prepared prepared = files.next();
                    filesScanned++;
                    switch (prepared) {
                        case FilePreparer.Skipped s -> skip(s.file());
                        case FilePreparer.Unchanged u -> {
                            seen.add(u.path());
                            filesUnchanged++;
                        }
                        case FilePreparer.Changed c -> {
                            seen.add(c.file().path());
                            if (c.previous() != null) {
                                chunksDeleted += c.previous().chunkCount();
                            }
                            prepare(c);
                        }
                    }
                    maybeFlush(false);
                    report(null, false);
                }
            }
            maybeFlush(true);
            phase = JobPhase.FINALIZING;
            for (Map.Entry<String, FileRecord> e : manifest.entrySet()) {
                if (!seen.contains(e.getKey())) {
                    index.deleteFile(repositoryId, e.getKey());
                    filesDeleted++;
                    chunksDeleted += e.getValue().chunkCount();
                }
            }
            commit();
            lexicalEndNanos = System.nanoTime();
            searchableAt = clock.instant();
            log.info("{} is searchable (lexical) after {} ms", request.repoPath(), (lexicalEndNanos - startNanos) / 1_000_000);
            fillVectors();
            String status = statusMessage(firstIndex);
            phase = JobPhase.DONE;
            report(status, true);
            log.info("Indexed {}: {}", request.repoPath(), status);
            return new IndexOutcome(repositoryId, counters(), List.copyOf(warnings), status);
        }

        private void checkModel() {
            Map<String, String> meta = index.metadata();
            String model = meta.get(IndexMetadata.EMBEDDING_MODEL);
            String current = EmbeddingText.vectorsId(embeddings.modelId());
            if (model != null && !model.equals(current) && !request.forceReindex()) {
                throw new IndexingException("EmbeddingModelMismatch", "This project's index was built with embedding model '" + model
                        + "' but the server now uses '" + current + "'. Re-run indexing with force_reindex=true "
                        + "(CLI: --force) to rebuild it with the current model.");
            }
        }

        private void prepare(FilePreparer.Changed c) {
            RuntimeException e = c.chunkingFailure();
            if (e != null) {
                // A chunker bug must not sink the whole job: record it and index nothing for this file.
                log.warn("Chunking failed for {}", c.file().path(), e);
                warn(c.file().path() + ": chunking failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
            }
            batch.add(new Pending(c.file(), c.chunks()));
            batchChunks += c.chunks().size();
            filesIndexed++;
        }

        private void maybeFlush(boolean force) {
            if (!batch.isEmpty() && (force || batchChunks >= options.embedBatchChunks() || batch.size() >= options.checkpointFiles())) {
                flushBatch();
            }
            long sinceCommitMs = (System.nanoTime() - lastCommitNanos) / 1_000_000;
            if (filesSinceCommit > 0 && (filesSinceCommit >= options.checkpointFiles() || sinceCommitMs >= options.checkpointMillis())) {
                flushBatch();
                commit();
            }
        }

        /** Stages the batch: chunks with the vectors the cache already knows, the others without. */
        private void flushBatch() {
            if (batch.isEmpty()) {
                return;
            }
            phase = JobPhase.WRITING;
            List<String> texts = new ArrayList<>(batchChunks);
            for (Pending p : batch) {
                for (Chunk c : p.chunks) {
                    texts.add(EmbeddingText.of(p.file.path(), c));
                }
            }
            List<float[]> known = embeddings.cached(texts);
            if (known.size() != texts.size()) {
                throw new IllegalStateException("the embedding cache answered " + known.size() + " vectors for " + texts.size() + " texts");
            }
            Instant now = clock.instant();
            int v = 0;
            for (Pending p : batch) {
                List<IndexedChunk> out = new ArrayList<>(p.chunks.size());
                String[] lines = p.file.content().split("\n", -1);
                for (Chunk c : p.chunks) {
                    float[] vector = known.get(v++);
                    String id = IndexedChunk.idFor(repositoryId, p.file.path(), c.startLine(), c.endLine(), p.file.sha256());
                    if (vector == null) {
                        writtenWithoutVector++;
                        if (pendingAtStart > 0 && fresh.size() < options.freshFirstChunks()) {
                            fresh.add(new PendingVector(id, p.file.path(), c));
                        }
                    } else {
                        embeddingsCached++;
                    }
                    out.add(new IndexedChunk(id, p.file.path(), c, context(lines, c.startLine() - 1 - CONTEXT_LINES, c.startLine() - 1),
                            context(lines, c.endLine(), c.endLine() + CONTEXT_LINES), vector));
                }
                String language = p.chunks.isEmpty() ? Chunker.languageOf(p.file.path()) : p.chunks.get(0).language();
                index.replaceFile(repositoryId, new FileRecord(p.file.path(), p.file.size(), p.file.mtimeMillis(),
                        p.file.sha256(), language, out.size(), now), out);
                chunksCreated += out.size();
                filesSinceCommit++;
            }
            batch.clear();
            batchChunks = 0;
            phase = JobPhase.CHUNKING;
        }

        /**
         * The embedding phase: pages of chunks without a vector, embedded and staged, with checkpoints. Stops when none
         * is left, or when the store keeps handing back chunks it would not take a vector for (then embeddedAt stays
         * unset and a warning says so).
         */
        private void fillVectors() {
            phase = JobPhase.EMBEDDING;
            embeddingStartNanos = System.nanoTime();
            vectorsPending = index.countChunksWithoutVectors();
            report(null, true);
            embedFreshFirst();
            lastCommitNanos = System.nanoTime();
            int sinceCommit = 0;
            Set<String> window = new HashSet<>();
            Set<String> previousWindow = Set.of();
            while (true) {
                List<PendingVector> page = index.chunksWithoutVectors(options.vectorPageChunks());
                if (page.isEmpty()) {
                    break;
                }
                if (anyIn(page, previousWindow)) {
                    warn("embedding: " + page.size() + "+ chunks could not be given a vector (the store did not take it); "
                            + "they stay searchable by keywords only");
                    log.warn("The store did not take vectors for chunks such as {}; leaving them without", page.get(0).chunkId());
                    break;
                }
                if (anyIn(page, window)) {
                    // Handed back before the commit: commit what was staged, then a repeat means the store refuses it.
                    commitVectors();
                    previousWindow = window.isEmpty() ? Set.of() : Set.copyOf(window);
                    window.clear();
                    sinceCommit = 0;
                    continue;
                }
                embedPage(page);
                page.forEach(p -> window.add(p.chunkId()));
                vectorsPending = Math.max(0, vectorsPending - page.size());
                sinceCommit += page.size();
                long sinceCommitMs = (System.nanoTime() - lastCommitNanos) / 1_000_000;
                if (sinceCommit >= options.vectorCheckpointChunks() || sinceCommitMs >= options.checkpointMillis()) {
                    commitVectors();
                    previousWindow = Set.copyOf(window);
                    window.clear();
                    sinceCommit = 0;
                }
                report(null, false);
            }
            if (sinceCommit > 0) {
                commitVectors();
            }
            vectorsPending = index.countChunksWithoutVectors();
            if (vectorsPending == 0) {
                embeddedAt = clock.instant();
                log.info("{}: every chunk has a vector after {} ms", request.repoPath(), (System.nanoTime() - startNanos) / 1_000_000);
            }
        }

        /**
         * Embeds the chunks this run wrote without a vector (collected only when older chunks wait for vectors, and
         * when few enough to remember) and commits them before that backlog: a re-index after an edit makes the
         * edited files semantically searchable first.
         */
        private void embedFreshFirst() {
            if (fresh.isEmpty() || vectorsPending <= fresh.size()) {
                fresh.clear();
                return; // nothing older waits: the backlog order is this run's order anyway
            }
            int sinceCommit = 0;
            lastCommitNanos = System.nanoTime();
            for (int from = 0; from < fresh.size(); from += options.vectorPageChunks()) {
                List<PendingVector> page = fresh.subList(from, Math.min(fresh.size(), from + options.vectorPageChunks()));
                embedPage(page);
                sinceCommit += page.size();
                if (sinceCommit >= options.vectorCheckpointChunks()
                        || (System.nanoTime() - lastCommitNanos) / 1_000_000 >= options.checkpointMillis()) {
                    commitVectors();
                    sinceCommit = 0;
                }
            }
            int count = fresh.size();
            fresh.clear();
            commitVectors();
            freshEmbeddedAt = clock.instant();
            log.info("{}: the {} chunks this run wrote have vectors after {} ms; {} older chunks still wait for one",
                    request.repoPath(), count, (System.nanoTime() - startNanos) / 1_000_000, vectorsPending);
            report(null, true);
        }

        /** Embeds one page of chunks and stages their vectors (committed by the caller's checkpoints). */
        private void embedPage(List<PendingVector> page) {
            List<String> texts = new ArrayList<>(page.size());
            for (PendingVector p : page) {
                texts.add(EmbeddingText.of(p.path(), p.chunk()));
            }
            DocumentEmbeddings.Batch done = embeddings.embed(texts, this::checkCancelled);
            if (done.vectors().size() != page.size()) {
                throw new IllegalStateException("the embedder answered " + done.vectors().size() + " vectors for " + page.size() + " texts");
            }
            Map<String, float[]> vectors = new LinkedHashMap<>();
            for (int i = 0; i < page.size(); i++) {
                vectors.put(page.get(i).chunkId(), done.vectors().get(i));
            }
            checkCancelled();
            index.setVectors(vectors);
            embeddingsComputed += done.computed();
            embeddingsCached += done.cached();
            vectorsSet += page.size();
        }

        private static boolean anyIn(List<PendingVector> page, Set<String> ids) {
            for (PendingVector p : page) {
                if (ids.contains(p.chunkId())) {
                    return true;
                }
            }
            return false;
        }

        private void commitVectors() {
            commit();
            vectorsPending = index.countChunksWithoutVectors();
        }

        private void commit() {
            checkCancelled();
            Map<String, String> meta = new HashMap<>();
            meta.put(IndexMetadata.LAST_INDEXED_AT, clock.instant().toString());
            meta.put(IndexMetadata.EMBEDDING_MODEL, EmbeddingText.vectorsId(embeddings.modelId()));
            if (embeddings.dimensionKnown()) { // a remote server down since startup must not stop the keyword index
                meta.put(IndexMetadata.EMBEDDING_DIMENSION, Integer.toString(embeddings.dimension()));
            }
            index.commit(meta);
            lastCommitNanos = System.nanoTime();
            filesSinceCommit = 0;
        }

        private void checkCancelled() {
            if (!sink.progress(progress(null))) {
                throw new IndexingCancelledException("Indexing stopped on request");
            }
            lastProgressNanos = System.nanoTime();
        }

        private void report(String message, boolean always) {
            long now = System.nanoTime();
            if (!always && now - lastProgressNanos < 200_000_000L) {
                return;
            }
            lastProgressNanos = now;
            if (!sink.progress(progress(message))) {
                throw new IndexingCancelledException("Indexing stopped on request");
            }
        }

        private Progress progress(String message) {
            long now = System.nanoTime();
            boolean lexicalDone = searchableAt != null;
            double percentage;
            Long eta;
            if (phase == JobPhase.DONE) {
                percentage = 100;
                eta = 0L;
            } else if (phase == JobPhase.SCANNING) {
                // Nothing is known before the listing: not even how many files there are.
                percentage = 0;
                eta = null;
            } else {
                WorkEstimate w = WorkEstimate.of((now - startNanos) / 1e9,
                        ((lexicalDone ? lexicalEndNanos : now) - startNanos) / 1e9, filesScanned, filesTotal, lexicalDone,
                        lexicalDone ? vectorsPending : estimatedPending(), vectorsSet,
                        lexicalDone ? (now - embeddingStartNanos) / 1e9 : 0);
                // Never backwards: a new rate estimate must not make the bar shrink.
                percentage = Math.max(lastPercentage, w.percentage());
                eta = w.etaSeconds();
            }
            lastPercentage = percentage;
            String msg = message;
            if (msg == null) {
                msg = lexicalDone
                        ? String.format("lexical index ready; embedding %,d/%,d chunks", vectorsSet, vectorsSet + vectorsPending)
                        : String.format("%s: %d/%d files (%d changed, %d unchanged), %d chunks",
                                phase.wireName(), filesScanned, filesTotal, filesIndexed, filesUnchanged, chunksCreated);
            }
            return new Progress(phase, percentage, msg, counters(), eta, searchableAt, embeddedAt, freshEmbeddedAt);
        }

        /** Chunks that will lack a vector when the lexical phase ends, extrapolated from the files done so far. */
        private long estimatedPending() {
            double scale = filesScanned == 0 ? 1 : (double) filesTotal / filesScanned;
            return pendingAtStart + Math.round(writtenWithoutVector * scale);
        }

        private JobCounters counters() {
            long pending = searchableAt != null ? vectorsPending : pendingAtStart + writtenWithoutVector;
            return new JobCounters(filesScanned, filesTotal, filesIndexed, filesUnchanged, filesDeleted, filesSkipped,
                    chunksCreated, chunksDeleted, embeddingsComputed, embeddingsCached, pending);
        }

        private void skip(SkippedFile s) {
            filesSkipped++;
            warn(s.describe());
        }

        private void warn(String w) {
            if (warnings.size() < MAX_WARNINGS) {
                warnings.add(w);
            } else if (warnings.size() == MAX_WARNINGS) {
                warnings.add("... more warnings omitted (see files_skipped)");
            }
        }

        private String statusMessage(boolean firstIndex) {
            String vectors = vectorsPending == 0
                    ? String.format("%d vectors added", vectorsSet)
                    : String.format("%d vectors added, %d chunks still without one", vectorsSet, vectorsPending);
            String summary = String.format("%d files indexed, %d unchanged, %d deleted, %d skipped; %d chunks written; %s",
                    filesIndexed, filesUnchanged, filesDeleted, filesSkipped, chunksCreated, vectors);
            if (request.forceReindex()) {
                return "Force reindex: " + summary;
            }
            if (firstIndex) {
                return "Full index: " + summary;
            }
            if (filesIndexed == 0 && filesDeleted == 0) {
                String up = "Up to date: no changes since the last index (" + filesUnchanged + " files unchanged)";
                return vectorsSet == 0 ? up : up + "; " + vectors + " (finishing an earlier run)";
            }
            return "Incremental update: " + summary;
        }
    }

    private record Pending(SourceFile file, List<Chunk> chunks) {}

    static String context(String[] lines, int fromIndex, int toIndex) {
        int from = Math.max(0, fromIndex);
        int to = Math.min(lines.length, toIndex);
        if (from >= to) {
            return "";
        }
        return String.join("\n", java.util.Arrays.asList(lines).subList(from, to));
    }
}
