package dev.codebasemcp.indexing;

import dev.codebasemcp.Chunk;
import dev.codebasemcp.indexing.chunk.Chunker;
import dev.codebasemcp.indexing.scan.FileEntry;
import dev.codebasemcp.indexing.scan.RepositoryScanner;
import dev.codebasemcp.indexing.scan.ScanItem;
import dev.codebasemcp.indexing.scan.SkippedFile;
import dev.codebasemcp.indexing.scan.SourceFile;
import dev.codebasemcp.store.FileRecord;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads, hashes and chunks the listed files on a small pool of named threads ({@code index-prepare-N}) ahead of the
 * single writer, and hands them back in listing order, so checkpoints cover a prefix of the listing exactly as with
 * one thread. At most {@code window} files are in flight, which bounds memory.
 */
final class FilePreparer implements AutoCloseable {

    /** One listed file, ready for the writer. */
    sealed interface Prepared permits Skipped, Unchanged, Changed {}

    record Skipped(SkippedFile file) implements Prepared {}

    /** Same content hash as the committed manifest entry: nothing to do. */
    record Unchanged(String path) implements Prepared {}

    /**
     * New or changed content with its chunks.
     *
     * @param previous         the committed manifest entry it replaces, or null
     * @param chunkingFailure  what the chunker threw (then {@code chunks} is empty), or null
     */
    record Changed(SourceFile file, List<Chunk> chunks, FileRecord previous, RuntimeException chunkingFailure)
            implements Prepared {}

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final RepositoryScanner scanner;
    private final Chunker chunker;
    private final Map<String, FileRecord> manifest;
    private final List<FileEntry> files;
    private final int window;
    private final ExecutorService pool;
    private final ArrayDeque<Future<Prepared>> inFlight = new ArrayDeque<>();
    private int submitted;

    FilePreparer(RepositoryScanner scanner, Chunker chunker, Map<String, FileRecord> manifest, List<FileEntry> files,
                 int threads, int window) {
        this.scanner = scanner;
        this.chunker = chunker;
        this.manifest = manifest;
        this.files = files;
        this.window = Math.max(1, window);
        int pool = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(Math.max(1, threads), r -> Thread.ofPlatform()
                .name("index-prepare-" + pool + "-" + n.incrementAndGet()).daemon().unstarted(r));
    }

    boolean hasNext() {
        fill();
        return !inFlight.isEmpty();
    }

    /** The next file in listing order, waiting for it if it is not ready. */
    Prepared next() {
        fill();
        Future<Prepared> head = inFlight.poll();
        if (head == null) {
            throw new IllegalStateException("no more files");
        }
        try {
            Prepared p = head.get();
            fill();
            return p;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IndexingCancelledException("Indexing interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("preparing a file failed", e.getCause());
        }
    }

    private void fill() {
        while (inFlight.size() < window && submitted < files.size()) {
            FileEntry entry = files.get(submitted++);
            inFlight.add(pool.submit(() -> prepare(entry)));
        }
    }

    private Prepared prepare(FileEntry entry) {
        ScanItem item = scanner.read(entry);
        return switch (item) {
            case SkippedFile s -> new Skipped(s);
            case SourceFile f -> {
                FileRecord previous = manifest.get(f.path());
                if (previous != null && previous.contentHash().equals(f.sha256())) {
                    yield new Unchanged(f.path());
                }
                try {
                    yield new Changed(f, chunker.chunk(f.path(), f.content()), previous, null);
                } catch (RuntimeException e) {
                    yield new Changed(f, List.of(), previous, e);
                }
            }
        };
    }

    /** Stops the pool; files still in flight are dropped. */
    @Override
    public void close() {
        inFlight.forEach(f -> f.cancel(true));
        inFlight.clear();
        pool.shutdownNow();
    }
}
