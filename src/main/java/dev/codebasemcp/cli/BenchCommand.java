package dev.codebasemcp.cli;

import dev.codebasemcp.Job;
import dev.codebasemcp.JobStatus;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.config.Settings;
import dev.codebasemcp.indexing.IndexRequest;
import dev.codebasemcp.indexing.IndexingCancelledException;
import dev.codebasemcp.indexing.embed.Embedder;
import dev.codebasemcp.search.IndexState;
import dev.codebasemcp.search.SearchMode;
import dev.codebasemcp.search.SearchRequest;
import dev.codebasemcp.search.SearchService;
import dev.codebasemcp.store.FileRecord;
import dev.codebasemcp.store.ProjectSpec;
import dev.codebasemcp.store.RepositoryInfo;
import dev.codebasemcp.store.SearchFilter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code bench DIR}: every speed figure of the server in one run, on a copy of DIR (the user's files are never
 * touched): full index (throughput, time until lexically searchable and until fully embedded, peak heap), unchanged
 * re-index, one changed file re-indexed end to end, search p50/p95 per mode idle and while another project is being
 * indexed, and the latency of the {@code start_indexing_background} and {@code get_indexing_status} tool handlers.
 * {@code --json} prints the same figures as JSON. The class comment of each figure's method says what it measures.
 */
@Command(name = "bench", description = "Benchmark indexing and search on a copy of a directory; prints every figure.")
final class BenchCommand implements Callable<Integer> {

    static final List<String> DEFAULT_QUERIES = List.of(
            "parse command line arguments", "read a file into a string", "open a database connection",
            "handle http request errors", "retry with exponential backoff", "compute a hash of the content",
            "split text into tokens", "walk a directory tree recursively", "serialize an object to json",
            "start a background thread", "compare two strings ignoring case", "sort a list of items",
            "load configuration from environment variables", "close resources when done", "validate user input",
            "convert bytes to hexadecimal", "format a date as ISO-8601", "cancel a running task", "cache results in memory",
            "log an error with a stack trace");
    static final String PROJECT = "bench";
    static final String LOAD_PROJECT = "bench-load";
    private static final int NEW_JOB_STARTS = 6;

    @Parameters(index = "0", description = "Directory to index (copied first; see --no-copy)")
    Path dir;

    @Option(names = "--home", description = "Data directory (default: a new temporary one). Keep it to re-run --search-only.")
    Path home;

    @Option(names = "--queries", description = "File with one query per line (default: a built-in set of 20)")
    Path queriesFile;

    @Option(names = "--rounds", defaultValue = "5", description = "Times each query runs per mode and condition (default 5)")
    int rounds;

    @Option(names = "--embedder", defaultValue = "onnx", description = "onnx (the real model), ollama or openai (an "
            + "embedding server: set EMBEDDING_MODEL and the server's base URL) or hash (pipeline-only runs)")
    String embedderKind;

    @Option(names = "--query-embedder", description = "Embed search queries with onnx or hash, whatever embedded the "
            + "documents. TIMING ONLY: with --embedder hash --query-embedder onnx the kNN leg runs on hash vectors (results "
            + "are meaningless) but latency includes the real model's query embedding.")
    String queryEmbedderKind;

    @Option(names = "--store", description = "embedded or postgres (default: CODEBASE_MCP_STORE, else embedded)")
    String store;

    @Option(names = "--registry-url", defaultValue = "postgresql://localhost:5432/codebase_mcp_bench",
            description = "PostgreSQL registry database for --store postgres (default: ${DEFAULT-VALUE}, not your registry)")
    String registryUrl;

    @Option(names = "--search-only", description = "Skip indexing: search the index a previous run left in --home")
    boolean searchOnly;

    @Option(names = "--no-copy", description = "Index DIR itself instead of a copy (skips the changed-file figure)")
    boolean noCopy;

    @Option(names = "--load-wait", defaultValue = "120", description = "Seconds to wait for the other project's job to "
            + "start writing before measuring search under load (default ${DEFAULT-VALUE})")
    int loadWaitSeconds;

    @Option(names = "--json", description = "Print the figures as JSON")
    boolean json;

    @Option(names = "--embed-budget", description = "Seconds of vector filling allowed after the tree is lexically "
            + "searchable; then the job is cancelled and the time to fully embedded is projected from the measured rate "
            + "(for trees the model cannot embed in a bench run). Re-index figures then stop at their lexical milestone.")
    Integer embedBudgetSeconds;

    private final BenchReport report = new BenchReport();

    @Override
    public Integer call() throws Exception {
        if (searchOnly && home == null) {
            System.err.println("--search-only needs --home pointing at the data directory of an earlier bench run");
            return 2;
        }
        Path data = home != null ? home : Files.createTempDirectory("codebase-mcp-bench");
        Files.createDirectories(data);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("CODEBASE_MCP_HOME", data.toString());
        env.put("EMBEDDING_PROVIDER", embedderKind);
        if (store != null) {
            env.put("CODEBASE_MCP_STORE", store);
        }
        if ("postgres".equalsIgnoreCase(env.get("CODEBASE_MCP_STORE"))) {
            env.put("REGISTRY_DATABASE_URL", registryUrl);
        }
        env.putIfAbsent("LOG_FILE", data.resolve("bench.log").toString());
        Settings settings = Settings.from(env);
        System.setProperty("codebase.log.file", settings.logFile().toString());
        System.setProperty("codebase.log.stderrLevel", "WARN");
        List<String> queries = queriesFile == null ? DEFAULT_QUERIES
                : Files.readAllLines(queriesFile).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        Path source = dir.toAbsolutePath().normalize();
        Path tree = noCopy ? source : data.resolve("tree");
        PeakHeap peak = new PeakHeap();
        peak.start();
        try (App app = new App(settings).startWorkers()) {
            ProjectRef project = app.registry.getOrCreate(ProjectSpec.named(PROJECT));
            ProjectRef loadProject = app.registry.getOrCreate(ProjectSpec.named(LOAD_PROJECT));
            report.put("setup", "tree", "tree", source.toString(), source.toString());
            report.put("setup", "machine", "machine", String.format(Locale.ROOT, "%d cores, max heap %d MB, load average %s",
                    Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, loadAverage()),
                    Map.of("cores", Runtime.getRuntime().availableProcessors(), "max_heap_mb", Runtime.getRuntime().maxMemory() >> 20));
            report.putJson("setup", "load_average_start", loadAverage());
            report.put("setup", "store", "store", settings.store().name().toLowerCase(Locale.ROOT) + " at " + data,
                    settings.store().name().toLowerCase(Locale.ROOT));
            report.put("setup", "embedder", "embedder", app.embedder.modelId(), app.embedder.modelId());
            if (!searchOnly) {
                if (!noCopy) {
                    progress("copying " + source + " to " + tree);
                    copyTree(source, tree);
                }
                indexFigures(app, project, tree, peak);
            }
            Embedder queryEmbedder = queryEmbedderKind == null || queryEmbedderKind.equals(embedderKind) ? app.embedder
                    : App.createEmbedder(Settings.from(Map.of("EMBEDDING_PROVIDER", queryEmbedderKind,
                    "CODEBASE_MCP_HOME", data.toString())));
            try {
                SearchService search = queryEmbedder == app.embedder ? app.search
                        : new SearchService(app.chunkStore, queryEmbedder, id -> app.jobs.activeJob(id).map(Job::id));
                if (queryEmbedder != app.embedder) {
                    report.put("search", "query_embedder", "query embedder", queryEmbedder.modelId()
                            + " (TIMING ONLY: kNN over " + app.embedder.modelId() + " vectors)", queryEmbedder.modelId());
                }
                IndexState state = app.search.state(project);
                if (state.chunks() == 0) {
                    throw new IllegalStateException("project '" + PROJECT + "' in " + data + " has no chunks to search"
                            + (searchOnly ? "; run bench without --search-only first" : ""));
                }
                report.put("search", "index", "index searched", String.format(Locale.ROOT, "%,d files, %,d chunks", state.files(),
                        state.chunks()), Map.of("files", state.files(), "chunks", state.chunks()));
                searchFigures(search, project, queries, "idle");
                underLoad(app, search, project, loadProject, queries, searchOnly ? source : tree);
            } finally {
                if (queryEmbedder != app.embedder) {
                    queryEmbedder.close();
                }
            }
            report.putJson("setup", "load_average_end", loadAverage());
        } finally {
            peak.interrupt();
        }
        System.out.println(json ? report.json() : "codebase-mcp bench" + report.table());
        return 0;
    }

    /** Full index, unchanged re-index, one changed file re-indexed; heap peak while the full index runs. */
    private void indexFigures(App app, ProjectRef project, Path tree, PeakHeap peak) throws Exception {
        progress("full index of " + tree);
        peak.reset();
        StatsTimeline timeline = new StatsTimeline(app, project);
        timeline.start();
        long submitted = System.nanoTime();
        Job full;
        try {
            full = runJob(app, project, tree, true, embedBudgetSeconds);
        } finally {
            timeline.interrupt();
            timeline.join();
        }
        double wall = (System.nanoTime() - submitted) / 1e9;
        boolean budgetSpent = embedBudgetSeconds != null && full.status() == JobStatus.CANCELLED && full.searchableAt() != null;
        if (full.status() != JobStatus.COMPLETED && !budgetSpent) {
            throw new IllegalStateException("the full index ended " + full.status().wireName() + ": " + full.errorMessage());
        }
        var c = full.counters();
        report.put("index", "full_seconds", "full index", String.format(Locale.ROOT, "%.1f s: %,d files (%.1f/s), %,d chunks "
                        + "(%.1f/s), %,d embeddings computed, %,d skipped", wall, c.filesIndexed(), c.filesIndexed() / wall,
                c.chunksCreated(), c.chunksCreated() / wall, c.embeddingsComputed(), c.filesSkipped()), round(wall));
        report.putJson("index", "full", Map.of("files", c.filesIndexed(), "chunks", c.chunksCreated(),
                "files_per_second", round(c.filesIndexed() / wall), "chunks_per_second", round(c.chunksCreated() / wall),
                "embeddings_computed", c.embeddingsComputed(), "files_skipped", c.filesSkipped()));
        Milestones m = milestones(full, submitted, timeline, app.search.state(project));
        report.put("index", "lexically_searchable_seconds", "lexically searchable after",
                m.lexicalSeconds() == null ? "n/a" : String.format(Locale.ROOT, "%.1f s (first results after %.1f s)",
                        m.lexicalSeconds(), m.firstResultsSeconds()), m.lexicalSeconds());
        report.putJson("index", "first_results_seconds", m.firstResultsSeconds());
        if (budgetSpent) {
            double embedSecs = Duration.between(full.searchableAt(), full.cancelledAt() != null ? full.cancelledAt()
                    : full.completedAt()).toMillis() / 1000.0;
            long done = c.embeddingsComputed() + c.embeddingsCached();
            double rate = embedSecs > 0 ? c.embeddingsComputed() / embedSecs : 0;
            long pending = c.embeddingsPending();
            Double projected = rate > 0 ? m.lexicalSeconds() + (done + pending - c.embeddingsCached()) / rate : null;
            report.put("index", "fully_embedded_seconds", "fully embedded after", String.format(Locale.ROOT,
                    "projected %s (stopped after %.0f s of vectors: %,d computed at %.1f chunks/s, %,d cached, %,d pending)",
                    projected == null ? "n/a" : String.format(Locale.ROOT, "%.0f s = %.1f h", projected, projected / 3600),
                    embedSecs, c.embeddingsComputed(), rate, c.embeddingsCached(), pending), projected);
            report.putJson("index", "embedding_rate_chunks_per_second", round(rate));
        } else {
            report.put("index", "fully_embedded_seconds", "fully embedded after", String.format(Locale.ROOT, "%.1f s", m.embeddedSeconds()),
                    m.embeddedSeconds());
        }
        report.putJson("index", "milestone_source", m.source());
        report.put("index", "peak_heap_mb", "peak heap (full index)", String.format(Locale.ROOT, "%d MB sampled used, %d MB pool peaks",
                peak.sampledPeak() >> 20, peak.poolPeak() >> 20), Map.of("sampled_used_mb", peak.sampledPeak() >> 20,
                "pool_peak_mb", peak.poolPeak() >> 20));

        progress("unchanged re-index");
        long t0 = System.nanoTime();
        Job again = runJob(app, project, tree, false, budgetSpent ? 0 : null);
        double unchanged = budgetSpent ? secondsToSearchable(again) : (System.nanoTime() - t0) / 1e9;
        report.put("index", "unchanged_reindex_seconds", "re-index, nothing changed", String.format(Locale.ROOT,
                "%.2f s %s (%s, %,d unchanged, %d embeddings)", unchanged, budgetSpent ? "to lexically searchable" : "end to end",
                again.status().wireName(),
                again.counters().filesUnchanged(), again.counters().embeddingsComputed()), round(unchanged));

        if (noCopy) {
            report.put("index", "changed_file_reindex_seconds", "re-index, one file changed", "skipped (--no-copy)", null);
            return;
        }
        Path changed = touchOneFile(app, project, tree);
        progress("re-index after changing " + changed);
        if (budgetSpent) {
            // An older vector backlog remains: run the indexer itself to see the moment the edited file's own chunks
            // have their vectors (they are embedded ahead of the backlog), then stop it.
            OneFile r = oneFileAheadOfBacklog(app, project, tree);
            report.put("index", "changed_file_reindex_seconds", "re-index, one file changed", String.format(Locale.ROOT,
                    "%.2f s end to end, its %d chunks embedded ahead of the backlog (searchable by keywords after %.2f s; %s)",
                    r.endToEnd(), r.chunks(), r.searchable(), tree.relativize(changed)), round(r.endToEnd()));
            report.putJson("index", "changed_file_searchable_seconds", round(r.searchable()));
            return;
        }
        t0 = System.nanoTime();
        Job one = runJob(app, project, tree, false, null);
        double oneSecs = (System.nanoTime() - t0) / 1e9;
        report.put("index", "changed_file_reindex_seconds", "re-index, one file changed", String.format(Locale.ROOT,
                "%.2f s end to end (%s, %d indexed, %d chunks, %d embeddings; %s)", oneSecs, one.status().wireName(),
                one.counters().filesIndexed(), one.counters().chunksCreated(), one.counters().embeddingsComputed(),
                tree.relativize(changed)), round(oneSecs));
    }

    private record OneFile(double searchable, double endToEnd, long chunks) {}

    private static OneFile oneFileAheadOfBacklog(App app, ProjectRef project, Path tree) throws InterruptedException {
        // The cancelled job before may still be unwinding (rolling back) on this project: let it finish first.
        long wait = System.nanoTime() + 60_000_000_000L;
        while (app.workers.runningCount() > 0 && System.nanoTime() < wait) {
            Thread.sleep(50);
        }
        long t0 = System.nanoTime();
        double[] searchable = {Double.NaN};
        double[] done = {Double.NaN};
        long[] chunks = {0};
        try {
            app.indexer.index(new IndexRequest(tree, false), app.chunkStore.open(project), p -> {
                long now = System.nanoTime();
                if (p.searchableAt() != null && Double.isNaN(searchable[0])) {
                    searchable[0] = (now - t0) / 1e9;
                }
                chunks[0] = p.counters().chunksCreated();
                if (p.freshEmbeddedAt() != null || (p.searchableAt() != null && p.counters().chunksCreated() == 0)) {
                    done[0] = (now - t0) / 1e9;
                    return false;
                }
                return true;
            });
        } catch (IndexingCancelledException stopped) {
            // stopped on purpose once the edited file had its vectors
        }
        if (Double.isNaN(done[0])) {
            throw new IllegalStateException("the re-index ended before the edited file's chunks had vectors");
        }
        return new OneFile(searchable[0], done[0], chunks[0]);
    }

    /**
     * When the tree became lexically searchable and fully embedded, in seconds from submitting the job.
     *
     * <p>LEAD: this is the one place to switch once {@code Job.searchableAt()} / {@code Job.embeddedAt()} exist
     * (helper {@code backfill}): return {@code Duration.between(job.createdAt(), job.searchableAt())} and the same
     * for {@code embeddedAt()}. Until then "lexically searchable" is observed by polling the index stats every 100 ms
     * (the first moment every file of the finished index was committed, i.e. searchable by BM25), and "fully embedded"
     * is the job's end, because the indexer writes chunks with their vectors.
     */
    static Milestones milestones(Job job, long submittedNanos, StatsTimeline timeline, IndexState end) {
        Double first = timeline.firstAtLeast(1, submittedNanos);
        Instant finished = job.completedAt() != null ? job.completedAt() : job.cancelledAt();
        double embedded = Duration.between(job.createdAt(), job.embeddedAt() != null ? job.embeddedAt() : finished).toMillis() / 1000.0;
        if (job.searchableAt() != null) {
            double lexical = Duration.between(job.createdAt(), job.searchableAt()).toMillis() / 1000.0;
            return new Milestones(first, lexical, embedded, "job milestones searchable_at / embedded_at");
        }
        Double all = timeline.firstAtLeast(end.files(), submittedNanos);
        return new Milestones(first, all == null ? embedded : all, embedded, "polled index stats; embedded = job end");
    }

    private static double secondsToSearchable(Job job) {
        Instant end = job.searchableAt() != null ? job.searchableAt() : job.completedAt() != null ? job.completedAt() : job.cancelledAt();
        return Duration.between(job.createdAt(), end).toMillis() / 1000.0;
    }

    record Milestones(Double firstResultsSeconds, Double lexicalSeconds, double embeddedSeconds, String source) {}

    /** Appends a comment line to the median-sized indexed file of the copy; returns it. */
    private static Path touchOneFile(App app, ProjectRef project, Path tree) throws IOException {
        Map<String, FileRecord> manifest = app.chunkStore.open(project).manifest(RepositoryInfo.idFor(tree.toString()));
        List<FileRecord> files = manifest.values().stream().filter(f -> f.chunkCount() > 0)
                .sorted(Comparator.comparingLong(FileRecord::sizeBytes).thenComparing(FileRecord::path)).toList();
        if (files.isEmpty()) {
            throw new IllegalStateException("no indexed file in " + tree + " to change");
        }
        Path file = tree.resolve(files.get(files.size() / 2).path());
        Files.writeString(file, "\n// edited by codebase-mcp bench " + System.nanoTime() + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        return file;
    }

    /** Warm-up, then {@code rounds} passes over the queries in each mode. */
    private void searchFigures(SearchService search, ProjectRef project, List<String> queries, String condition) {
        progress("search, " + condition);
        Map<SearchMode, Latencies> byMode = new EnumMap<>(SearchMode.class);
        for (SearchMode mode : SearchMode.values()) {
            for (String q : queries) {
                search.search(project, new SearchRequest(q + " warmup", SearchFilter.NONE, 10, mode));
            }
            byMode.put(mode, new Latencies());
        }
        // Modes interleave so that a change of machine load hits all three alike. The query-vector cache is emptied
        // before every search: each figure includes embedding the query, as for a query never seen before.
        for (int r = 0; r < rounds; r++) {
            for (String q : queries) {
                for (SearchMode mode : SearchMode.values()) {
                    search.forgetQueryVectors();
                    byMode.get(mode).time(() -> search.search(project, new SearchRequest(q, SearchFilter.NONE, 10, mode)));
                }
            }
        }
        byMode.forEach((mode, l) -> report.putLatency("search (" + condition + ")", mode.wireName(), mode.wireName(), l));
    }

    /**
     * Starts indexing the tree into another project through the {@code start_indexing_background} tool handler (timing
     * it and its de-duplicated repeats), times {@code get_indexing_status}, measures search while that job writes, then
     * cancels it.
     */
    private void underLoad(App app, SearchService search, ProjectRef project, ProjectRef loadProject, List<String> queries,
                           Path tree) throws InterruptedException {
        var factory = app.mcpServerFactory();
        Function<Map<String, Object>, Map<String, Object>> start = factory.toolHandler("start_indexing_background");
        Function<Map<String, Object>, Map<String, Object>> status = factory.toolHandler("get_indexing_status");
        Map<String, Object> startArgs = Map.of("repo_path", tree.toString(), "project_id", loadProject.id(), "force_reindex", true);
        progress("starting jobs on project " + LOAD_PROJECT + " through start_indexing_background");
        // New jobs: each but the last is cancelled at once, so that the next start creates a job again.
        Latencies newJobs = new Latencies();
        String jobId = null;
        for (int i = 0; i < NEW_JOB_STARTS; i++) {
            long t = System.nanoTime();
            jobId = (String) start.apply(startArgs).get("job_id");
            newJobs.add(System.nanoTime() - t);
            if (i < NEW_JOB_STARTS - 1) {
                app.jobs.cancel(jobId);
                app.jobs.await(jobId, Duration.ofMinutes(2), j -> { });
            }
        }
        Latencies starts = new Latencies();
        for (int i = 0; i < 20; i++) {
            starts.time(() -> start.apply(startArgs));
        }
        report.putLatency("tools", "start_new_job", "start_indexing_background, new job", newJobs);
        report.putLatency("tools", "start_deduplicated", "start_indexing_background, job exists", starts);
        Map<String, Object> statusArgs = Map.of("job_id", jobId);
        Latencies statuses = new Latencies();
        for (int i = 0; i < 100; i++) {
            statuses.time(() -> status.apply(statusArgs));
        }
        report.putLatency("tools", "get_indexing_status", "get_indexing_status", statuses);

        long deadline = System.nanoTime() + loadWaitSeconds * 1_000_000_000L;
        Job load = app.jobs.get(jobId);
        while (!load.status().isTerminal() && load.counters().chunksCreated() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            load = app.jobs.get(jobId);
        }
        String before = load.status().wireName() + "/" + load.phase().wireName() + ", " + load.counters().chunksCreated() + " chunks";
        searchFigures(search, project, queries, "while indexing another project");
        load = app.jobs.get(jobId);
        String after = load.status().wireName() + "/" + load.phase().wireName() + ", " + load.counters().chunksCreated() + " chunks";
        report.put("search (while indexing another project)", "load_job", "other project's job", before + " -> " + after,
                Map.of("before", before, "after", after, "ran_throughout", !load.status().isTerminal()));
        if (!load.status().isTerminal()) {
            app.jobs.cancel(jobId);
            app.jobs.await(jobId, Duration.ofMinutes(2), j -> { });
        }
    }

    private static Job runJob(App app, ProjectRef project, Path repo, boolean force) throws InterruptedException {
        return runJob(app, project, repo, force, null);
    }

    /**
     * Runs a job to its end; with {@code embedBudgetSeconds}, cancels it once vectors have been filled in for that long
     * after the lexical milestone (0: as soon as the tree is lexically searchable).
     */
    private static Job runJob(App app, ProjectRef project, Path repo, boolean force, Integer embedBudgetSeconds)
            throws InterruptedException {
        var s = app.jobs.submit(project, repo.toString(), force);
        String id = s.job().id();
        if (embedBudgetSeconds == null) {
            return app.jobs.await(id, Duration.ofDays(1), j -> { });
        }
        boolean[] cancelled = {false};
        return app.jobs.await(id, Duration.ofDays(1), j -> {
            if (!cancelled[0] && !j.status().isTerminal() && j.searchableAt() != null
                    && Duration.between(j.searchableAt(), Instant.now()).toSeconds() >= embedBudgetSeconds) {
                cancelled[0] = true;
                app.jobs.cancel(id);
            }
        });
    }

    /** Copies regular files (symlinks are not followed), replacing an earlier copy. */
    static void copyTree(Path from, Path to) throws IOException {
        if (Files.exists(to)) {
            try (Stream<Path> old = Files.walk(to)) {
                for (Path p : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                if (attrs.isRegularFile()) {
                    Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.COPY_ATTRIBUTES,
                            LinkOption.NOFOLLOW_LINKS);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private void progress(String what) {
        System.err.printf(Locale.ROOT, "bench: %s (load average %s)%n", what, loadAverage());
    }

    static String loadAverage() {
        try {
            String[] parts = Files.readString(Path.of("/proc/loadavg")).strip().split(" ");
            return parts[0] + " " + parts[1] + " " + parts[2];
        } catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static Double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** Polls a project's index stats every 100 ms: when did how many files become searchable. */
    static final class StatsTimeline extends Thread {
        private final App app;
        private final ProjectRef project;
        private final List<long[]> samples = new ArrayList<>();

        StatsTimeline(App app, ProjectRef project) {
            super("bench-stats-poller");
            setDaemon(true);
            this.app = app;
            this.project = project;
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                IndexState s = app.search.state(project);
                synchronized (samples) {
                    samples.add(new long[] {System.nanoTime(), s.files()});
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Seconds from {@code originNanos} to the first sample with at least {@code files} files, or null. */
        Double firstAtLeast(long files, long originNanos) {
            synchronized (samples) {
                for (long[] s : samples) {
                    if (s[1] >= files && files > 0) {
                        return Math.round((s[0] - originNanos) / 1e7) / 100.0;
                    }
                }
            }
            return null;
        }
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

        void reset() {
            peak = 0;
            ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        }

        long sampledPeak() {
            return peak;
        }

        long poolPeak() {
            long sum = 0;
            for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                if (p.getType() == MemoryType.HEAP) {
                    sum += p.getPeakUsage().getUsed();
                }
            }
            return sum;
        }
    }
}
