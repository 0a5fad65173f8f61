package dev.codebasemcp.indexing.embed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A fixed pool of named daemon threads ({@code embed-doc-P-N}) that embeds texts one per task. Shared by all callers
 * of one embedder, so the CPU spent on documents stays bounded however many threads ask at once.
 */
final class DocumentPool {

    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ExecutorService executor;

    DocumentPool(int workers) {
        int pool = POOLS.incrementAndGet();
        AtomicInteger worker = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(workers, runnable -> Thread.ofPlatform()
                .name("embed-doc-" + pool + "-" + worker.incrementAndGet()).daemon().unstarted(runnable));
    }

    /**
     * Applies {@code embedOne} to every text on the pool and waits for all; same order as {@code texts}.
     * If the caller is interrupted, pending work is cancelled and a {@link CancellationException} is thrown
     * with the interrupt flag restored. The first failure is rethrown as is.
     */
    List<float[]> embedAll(List<String> texts, Function<String, float[]> embedOne) {
        List<Future<float[]>> futures = new ArrayList<>(texts.size());
        try {
            for (String text : texts) {
                Objects.requireNonNull(text, "a document text is null");
                futures.add(executor.submit(() -> embedOne.apply(text)));
            }
        } catch (RejectedExecutionException e) {
            cancel(futures);
            throw new IllegalStateException("the embedder is closed", e);
        } catch (RuntimeException e) {
            cancel(futures);
            throw e;
        }
        List<float[]> vectors = new ArrayList<>(futures.size());
        try {
            for (Future<float[]> future : futures) {
                vectors.add(future.get());
            }
        } catch (InterruptedException e) {
            cancel(futures);
            Thread.currentThread().interrupt();
            throw cancellation("interrupted while embedding documents", e);
        } catch (ExecutionException e) {
            cancel(futures);
            throw rethrow(e);
        }
        return Collections.unmodifiableList(vectors);
    }

    /** Stops taking work; queued tasks still run (and complete their futures). */
    void shutdown() {
        executor.shutdown();
    }

    boolean awaitTermination(long seconds) throws InterruptedException {
        return executor.awaitTermination(seconds, TimeUnit.SECONDS);
    }

    static CancellationException cancellation(String message, InterruptedException cause) {
        CancellationException cancelled = new CancellationException(message);
        cancelled.initCause(cause);
        return cancelled;
    }

    static RuntimeException rethrow(ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
            return runtime;
        }
        if (e.getCause() instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }

    private static void cancel(List<? extends Future<?>> futures) {
        futures.forEach(f -> f.cancel(false));
    }
}
