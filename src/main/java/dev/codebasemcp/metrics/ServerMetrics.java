package dev.codebasemcp.metrics;

import dev.codebasemcp.Job;
import dev.codebasemcp.JobCounters;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.function.IntSupplier;

/**
 * The instruments of one server process (all names start with {@code codebase_mcp_}): indexing work and job outcomes
 * (recorded when a job run by this process finishes), searches by mode with their latency, tool calls by tool and
 * result with their latency, the number of jobs running now, and the JVM heap (used, max, peak). Rendered by {@link #prometheusText()}.
 */
public final class ServerMetrics {

    /** Search latency buckets, seconds: a query embedding takes a few ms, a cold index open can take a second. */
    static final double[] SEARCH_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    /** Tool call buckets, seconds: up to the 50 s an index_repository call may wait. */
    static final double[] TOOL_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    private final Metrics registry = new Metrics();
    private final Counter filesIndexed = registry.counter("codebase_mcp_files_indexed_total",
            "Files chunked and written by indexing jobs that finished in this process (unchanged files not counted).");
    private final Counter chunksWritten = registry.counter("codebase_mcp_chunks_written_total",
            "Chunks written to project indexes by indexing jobs that finished in this process.");
    private final Counter embeddingsComputed = registry.counter("codebase_mcp_embeddings_computed_total",
            "Chunk embeddings computed by the model (not served from the embedding cache) by jobs finished in this process.");
    private final Counter embeddingsCached = registry.counter("codebase_mcp_embeddings_cached_total",
            "Chunk embeddings reused from the embedding cache by jobs finished in this process.");
    private final Counter jobsFinished = registry.counter("codebase_mcp_jobs_finished_total",
            "Indexing jobs run by this process that ended, by outcome (completed, failed, cancelled).", "outcome");
    private final Counter searches = registry.counter("codebase_mcp_searches_total",
            "Searches served, by mode (hybrid, lexical, semantic).", "mode");
    private final Histogram searchLatency = registry.histogram("codebase_mcp_search_duration_seconds",
            "Time to answer a search (index state, query embedding, retrieval, fusion), by mode.", SEARCH_BUCKETS, "mode");
    private final Counter toolCalls = registry.counter("codebase_mcp_tool_calls_total",
            "MCP tool calls, by tool and result (ok, or error for isError results).", "tool", "result");
    private final Histogram toolLatency = registry.histogram("codebase_mcp_tool_call_duration_seconds",
            "Time to handle an MCP tool call, by tool.", TOOL_BUCKETS, "tool");

    public ServerMetrics() {
        for (String outcome : new String[] {"completed", "failed", "cancelled"}) {
            jobsFinished.add(0, outcome);
        }
        long startMillis = ProcessHandle.current().info().startInstant().map(i -> i.toEpochMilli()).orElse(System.currentTimeMillis());
        registry.gauge("process_start_time_seconds", "Start time of the process since the Unix epoch, in seconds.",
                () -> startMillis / 1000.0);
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        registry.gauge("jvm_heap_used_bytes", "Heap in use now.", () -> memory.getHeapMemoryUsage().getUsed());
        registry.gauge("jvm_heap_max_bytes", "Largest heap the JVM may use (-Xmx).", () -> memory.getHeapMemoryUsage().getMax());
        registry.gauge("jvm_heap_peak_bytes", "Sum of the heap pools' peak usage since start: an upper bound of the peak heap.",
                ServerMetrics::heapPeak);
    }

    private static double heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** Registers the gauge of jobs running in this process; call once. */
    public void runningJobs(IntSupplier running) {
        registry.gauge("codebase_mcp_jobs_running", "Indexing jobs running in this process now.", running::getAsInt);
    }

    /**
     * Records a job this process ran, as a {@code Consumer<Job>} for the job workers. Only terminal jobs count: a job
     * stopped by shutdown or taken over by another process is counted by whichever process finishes it. The counters
     * are the job's totals, so a job resumed after a crash also counts what earlier attempts did.
     */
    public void jobFinished(Job job) {
        if (!job.status().isTerminal()) {
            return;
        }
        jobsFinished.inc(job.status().wireName());
        JobCounters c = job.counters();
        filesIndexed.add(Math.max(0, c.filesIndexed()));
        chunksWritten.add(Math.max(0, c.chunksCreated()));
        embeddingsComputed.add(Math.max(0, c.embeddingsComputed()));
        embeddingsCached.add(Math.max(0, c.embeddingsCached()));
    }

    /** Records a search answered in {@code nanos}. */
    public void searchServed(String mode, long nanos) {
        searches.inc(mode);
        searchLatency.observeNanos(nanos, mode);
    }

    /** Records one tool call and how long it took. */
    public void toolCalled(String tool, boolean error, long nanos) {
        toolCalls.inc(tool, error ? "error" : "ok");
        toolLatency.observeNanos(nanos, tool);
    }

    /** Every metric in the Prometheus text exposition format ({@link Metrics#CONTENT_TYPE}). */
    public String prometheusText() {
        return registry.prometheusText();
    }
}
