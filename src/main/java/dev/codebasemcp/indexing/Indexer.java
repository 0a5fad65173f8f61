package dev.codebasemcp.indexing;

import dev.codebasemcp.Chunk;
import dev.codebasemcp.JobCounters;
import dev.codebasemcp.JobPhase;
import dev.codebasemcp.indexing.chunk.Chunker;
import dev.codebasemcp.indexing.embed.Embedder;
import dev.codebasemcp.indexing.scan.FileEntry;
import dev.codebasemcp.indexing.scan.RepositoryScanner;
import dev.codebasemcp.indexing.scan.ScanItem;
import dev.codebasemcp.indexing.scan.ScanListing;
import dev.codebasemcp.indexing.scan.SkippedFile;
import dev.codebasemcp.indexing.scan.SourceFile;
import dev.codebasemcp.store.FileRecord;
import dev.codebasemcp.store.IndexedChunk;
import dev.codebasemcp.store.ProjectIndex;
import dev.codebasemcp.store.RepositoryInfo;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one indexing pass of a repository into a project's data plane: scan → chunk → embed → write, streaming in
 * bounded batches (memory holds the file listing plus one batch). Incremental by content hash: a file whose hash
 * matches the committed manifest costs no chunking or embedding. Commits a checkpoint every
 * {@link IndexerOptions#checkpointFiles()} files or {@link IndexerOptions#checkpointMillis()} ms, so a crashed or
 * cancelled run loses at most one batch and a rerun resumes where the last checkpoint left off.
 *
 * <p>Not thread-safe per run; one run per project at a time (the job system guarantees it).
 */
public final class Indexer {

    private static final Logger log = LoggerFactory.getLogger(Indexer.class);
    static final int CONTEXT_LINES = 3;
    static final int MAX_WARNINGS = 200;

    private final RepositoryScanner scanner;
    private final Chunker chunker;
    private final Embedder embedder;
    private final IndexerOptions options;
    private final Clock clock;

    public Indexer(RepositoryScanner scanner, Chunker chunker, Embedder embedder, IndexerOptions options, Clock clock) {
        this.scanner = scanner;
        this.chunker = chunker;
        this.embedder = embedder;
        this.options = options;
        this.clock = clock;
    }

    public Embedder embedder() {
        return embedder;
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
        private long chunksCreated, chunksDeleted, embeddingsComputed;
        private long lastCommitNanos = System.nanoTime();
        private int filesSinceCommit;
        private long lastProgressNanos;
        private JobPhase phase = JobPhase.SCANNING;
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
            }
            boolean firstIndex = manifest.isEmpty();
            phase = JobPhase.CHUNKING;
            Set<String> seen = new HashSet<>();
            for (FileEntry entry : listing.files()) {
                ScanItem item = scanner.read(entry);
                filesScanned++;
                switch (item) {
                    case SkippedFile s -> skip(s);
                    case SourceFile f -> {
                        seen.add(f.path());
                        FileRecord previous = manifest.get(f.path());
                        if (previous != null && previous.contentHash().equals(f.sha256())) {
                            filesUnchanged++;
                        } else {
                            if (previous != null) {
                                chunksDeleted += previous.chunkCount();
                            }
                            prepare(f);
                        }
                    }
                }
                maybeFlush(false);
                report(null, false);
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
            String status = statusMessage(firstIndex);
            phase = JobPhase.DONE;
            report(status, true);
            log.info("Indexed {}: {}", request.repoPath(), status);
            return new IndexOutcome(repositoryId, counters(), List.copyOf(warnings), status);
        }

        private void checkModel() {
            Map<String, String> meta = index.metadata();
            String model = meta.get(IndexMetadata.EMBEDDING_MODEL);
            String current = EmbeddingText.vectorsId(embedder.modelId());
            if (model != null && !model.equals(current) && !request.forceReindex()) {
                throw new IndexingException("EmbeddingModelMismatch", "This project's index was built with embedding model '" + model
                        + "' but the server now uses '" + current + "'. Re-run indexing with force_reindex=true "
                        + "(CLI: --force) to rebuild it with the current model.");
            }
        }

        private void prepare(SourceFile f) {
            List<Chunk> chunks;
            try {
                chunks = chunker.chunk(f.path(), f.content());
            } catch (RuntimeException e) {
                // A chunker bug must not sink the whole job: record it and index nothing for this file.
                log.warn("Chunking failed for {}", f.path(), e);
                warn(f.path() + ": chunking failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
                chunks = List.of();
            }
            batch.add(new Pending(f, chunks));
            batchChunks += chunks.size();
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

        private void flushBatch() {
            if (batch.isEmpty()) {
                return;
            }
            phase = JobPhase.EMBEDDING;
            List<String> texts = new ArrayList<>(batchChunks);
            for (Pending p : batch) {
                for (Chunk c : p.chunks) {
                    texts.add(EmbeddingText.of(p.file.path(), c));
                }
            }
            List<float[]> vectors = new ArrayList<>(texts.size());
            int step = options.embedCallChunks();
            for (int i = 0; i < texts.size(); i += step) {
                checkCancelled();
                vectors.addAll(embedder.embedDocuments(texts.subList(i, Math.min(texts.size(), i + step))));
                embeddingsComputed += Math.min(step, texts.size() - i);
                report(null, false);
            }
            phase = JobPhase.WRITING;
            Instant now = clock.instant();
            int v = 0;
            for (Pending p : batch) {
                List<IndexedChunk> out = new ArrayList<>(p.chunks.size());
                String[] lines = p.file.content().split("\n", -1);
                for (Chunk c : p.chunks) {
                    out.add(new IndexedChunk(
                            IndexedChunk.idFor(repositoryId, p.file.path(), c.startLine(), c.endLine(), p.file.sha256()),
                            p.file.path(), c, context(lines, c.startLine() - 1 - CONTEXT_LINES, c.startLine() - 1),
                            context(lines, c.endLine(), c.endLine() + CONTEXT_LINES), vectors.get(v++)));
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

        private void commit() {
            checkCancelled();
            Map<String, String> meta = new HashMap<>();
            meta.put(IndexMetadata.LAST_INDEXED_AT, clock.instant().toString());
            meta.put(IndexMetadata.EMBEDDING_MODEL, EmbeddingText.vectorsId(embedder.modelId()));
            meta.put(IndexMetadata.EMBEDDING_DIMENSION, Integer.toString(embedder.dimension()));
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
            double done = filesTotal == 0 ? (phase == JobPhase.DONE ? 1 : 0) : (double) filesScanned / filesTotal;
            double pct = phase == JobPhase.DONE ? 100.0 : Math.min(99.0, Math.floor(done * 990) / 10);
            Long eta = null;
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            if (done > 0.02 && phase != JobPhase.DONE) {
                eta = Math.round(elapsed / done * (1 - done));
            } else if (phase == JobPhase.DONE) {
                eta = 0L;
            }
            String msg = message != null ? message : String.format("%s: %d/%d files (%d changed, %d unchanged), %d chunks",
                    phase.wireName(), filesScanned, filesTotal, filesIndexed, filesUnchanged, chunksCreated);
            return new Progress(phase, pct, msg, counters(), eta);
        }

        private JobCounters counters() {
            return new JobCounters(filesScanned, filesTotal, filesIndexed, filesUnchanged, filesDeleted, filesSkipped,
                    chunksCreated, chunksDeleted, embeddingsComputed, 0);
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
            String summary = String.format("%d files indexed, %d unchanged, %d deleted, %d skipped; %d chunks written",
                    filesIndexed, filesUnchanged, filesDeleted, filesSkipped, chunksCreated);
            if (request.forceReindex()) {
                return "Force reindex: " + summary;
            }
            if (firstIndex) {
                return "Full index: " + summary;
            }
            if (filesIndexed == 0 && filesDeleted == 0) {
                return "Up to date: no changes since the last index (" + filesUnchanged + " files unchanged)";
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
