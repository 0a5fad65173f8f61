package dev.codebasemcp.cli;

import dev.codebasemcp.Job;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.config.Settings;
import dev.codebasemcp.jobs.JobService;
import dev.codebasemcp.search.SearchMode;
import dev.codebasemcp.search.SearchRequest;
import dev.codebasemcp.store.SearchFilter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bench DIR}: indexes a directory into a fresh data directory and prints throughput (files/s, chunks/s,
 * embeddings/s), peak heap, the unchanged re-index time, and search latency p50/p95 over a query set.
 */
@Command(name = "bench", description = "Benchmark indexing and search on a directory; prints figures.")
final class BenchCommand implements Callable<Integer> {

    static final List<String> DEFAULT_QUERIES = List.of(
            "parse command line arguments", "read a file into a string", "open a database connection",
            "handle http request errors", "retry with exponential backoff", "compute a hash of the content",
            "split text into tokens", "walk a directory tree recursively", "serialize an object to json",
            "start a background thread", "compare two strings ignoring case", "sort a list of items",
            "load configuration from environment variables", "close resources when done", "validate user input",
            "convert bytes to hexadecimal", "format a date as ISO-8601", "cancel a running task", "cache results in memory",
            "log an error with a stack trace");

    @Parameters(index = "0", description = "Directory to index")
    Path dir;

    @Option(names = "--home", description = "Data directory (default: a new temporary one)")
    Path home;

    @Option(names = "--queries", description = "File with one query per line (default: a built-in set of 20)")
    Path queriesFile;

    @Option(names = "--rounds", defaultValue = "5", description = "Times each query runs")
    int rounds;

    @Option(names = "--embedder", defaultValue = "onnx", description = "onnx (the real model) or hash")
    String embedderKind;

    @Override
    public Integer call() throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        Path data = home != null ? home : Files.createTempDirectory("codebase-mcp-bench");
        env.put("CODEBASE_MCP_HOME", data.toString());
        env.put("EMBEDDING_PROVIDER", embedderKind);
        env.putIfAbsent("LOG_FILE", data.resolve("bench.log").toString());
        Settings settings = Settings.from(env);
        System.setProperty("codebase.log.file", settings.logFile().toString());
        System.setProperty("codebase.log.stderrLevel", "WARN");
        List<String> queries = queriesFile == null ? DEFAULT_QUERIES
                : Files.readAllLines(queriesFile).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        PeakHeap peak = new PeakHeap();
        peak.start();
        try (App app = new App(settings).startWorkers()) {
            Path repo = JobService.validateRepoPath(dir.toAbsolutePath().toString());
            ProjectRef project = app.projects.defaultProject();
            System.out.printf("codebase-mcp bench: %s, %d cores, max heap %d MB, embedder %s%n", repo,
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, app.embedder.modelId());
            Job full = runJob(app, project, repo);
            double secs = seconds(full);
            var c = full.counters();
            System.out.printf("full index:      %s in %.1f s: %d files (%.1f files/s), %d chunks (%.1f chunks/s), %d embeddings (%.1f/s), %d skipped%n",
                    full.status().wireName(), secs, c.filesIndexed(), c.filesIndexed() / secs, c.chunksCreated(),
                    c.chunksCreated() / secs, c.embeddingsComputed(), c.embeddingsComputed() / secs, c.filesSkipped());
            System.out.printf("peak heap:       %d MB (sampled used heap), %d MB (pool peaks)%n", peak.sampledPeak() >> 20, peak.poolPeak() >> 20);
            long t0 = System.nanoTime();
            Job again = runJob(app, project, repo);
            System.out.printf("re-index (no change): %.2f s end to end (%s; %d unchanged, %d embeddings)%n",
                    (System.nanoTime() - t0) / 1e9, again.status().wireName(), again.counters().filesUnchanged(),
                    again.counters().embeddingsComputed());
            for (SearchMode mode : SearchMode.values()) {
                long[] lat = new long[queries.size() * rounds];
                int i = 0;
                for (int r = 0; r < rounds; r++) {
                    for (String q : queries) {
                        long s = System.nanoTime();
                        app.search.search(project, new SearchRequest(q, SearchFilter.NONE, 10, mode));
                        lat[i++] = System.nanoTime() - s;
                    }
                }
                Arrays.sort(lat);
                System.out.printf("search %-8s p50 %.1f ms, p95 %.1f ms over %d queries%n", mode.wireName(),
                        lat[lat.length / 2] / 1e6, lat[(int) (lat.length * 0.95)] / 1e6, lat.length);
            }
        } finally {
            peak.interrupt();
        }
        return 0;
    }

    private static Job runJob(App app, ProjectRef project, Path repo) throws InterruptedException {
        JobService.Submission s = app.jobs.submit(project, repo.toString(), false);
        return app.jobs.await(s.job().id(), Duration.ofDays(1), j -> { });
    }

    private static double seconds(Job j) {
        return Math.max(0.001, Duration.between(j.startedAt(), j.completedAt()).toMillis() / 1000.0);
    }

    /** Samples used heap every 50 ms; also reads the heap pools' peak usage. */
    static final class PeakHeap extends Thread {
        private volatile long peak;

        PeakHeap() {
            super("bench-heap-sampler");
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                peak = Math.max(peak, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        long sampledPeak() {
            return peak;
        }

        long poolPeak() {
            List<Long> peaks = new ArrayList<>();
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    peaks.add(p.getPeakUsage().getUsed());
                }
            }
            return peaks.stream().mapToLong(Long::longValue).sum();
        }
    }
}
