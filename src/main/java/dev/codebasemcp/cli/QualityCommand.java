package dev.codebasemcp.cli;

import dev.codebasemcp.Job;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.config.Settings;
import dev.codebasemcp.eval.CorpusBuilder;
import dev.codebasemcp.eval.CorpusSlice;
import dev.codebasemcp.eval.DocExtractor;
import dev.codebasemcp.eval.Hit;
import dev.codebasemcp.eval.KeywordBaseline;
import dev.codebasemcp.eval.QualityReport;
import dev.codebasemcp.eval.Retriever;
import dev.codebasemcp.indexing.EmbeddingText;
import dev.codebasemcp.jobs.JobService;
import dev.codebasemcp.search.SearchMode;
import dev.codebasemcp.search.SearchRequest;
import dev.codebasemcp.search.SearchResult;
import dev.codebasemcp.store.ProjectSpec;
import dev.codebasemcp.store.SearchFilter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code quality}: the retrieval-quality evaluation. Builds doc-comment queries from the corpora fetched by
 * {@code scripts/eval-fetch-corpora.sh}, indexes the blanked copies through the real job pipeline (one project per
 * language), runs every query through the keyword baseline and our lexical, semantic and hybrid modes, and prints
 * the table (also written as JSON).
 */
@Command(name = "quality", description = "Evaluate retrieval quality on pinned open-source corpora; prints a table.")
final class QualityCommand implements Callable<Integer> {

    @Option(names = "--work-dir", description = "Evaluation directory: corpora/, blanked/, index/, results/ "
            + "(default: $CODEBASE_MCP_EVAL_DIR or ~/.cache/codebase-mcp/eval)")
    Path workDir;

    @Option(names = "--corpora", description = "Corpora directory (default: $CODEBASE_MCP_EVAL_DIR/corpora)")
    Path corpora;

    @Option(names = "--languages", split = ",", description = "Languages to evaluate (default: java,python,javascript,go)")
    List<String> languages = DocExtractor.LANGUAGES;

    @Option(names = "--max-queries-per-language", defaultValue = "150", description = "Queries sampled per language (default 150)")
    int maxQueries;

    @Option(names = "--seed", defaultValue = "42", description = "Sampling seed (default 42)")
    long seed;

    @Option(names = "--embedder", defaultValue = "onnx", description = "onnx (the real model, default), ollama or "
            + "openai (an embedding server: set EMBEDDING_MODEL and the server's base URL), or hash")
    String embedder;

    @Option(names = "--limit", defaultValue = "10", description = "Results per query (default 10)")
    int limit;

    @Option(names = "--reuse-index", description = "Keep the index in $CODEBASE_MCP_EVAL_DIR/index/<corpus+embedder> and reuse it "
            + "(for search-side changes; indexing changes need a fresh index)")
    boolean reuseIndex;

    @Option(names = "--json", description = "Where to write the JSON report (default: $CODEBASE_MCP_EVAL_DIR/results/quality-<embedder>.json)")
    Path json;

    @Option(names = "--dump-legs", description = "Also write each query's lexical and semantic top 50 (JSON lines) to this file, "
            + "for studying fusion offline")
    Path dumpLegs;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        Path evalDir = workDir != null ? workDir : evalDir();
        Path corporaDir = corpora != null ? corpora : evalDir.resolve("corpora");
        if (!Files.isDirectory(corporaDir)) {
            throw new dev.codebasemcp.InvalidInputException("No corpora at " + corporaDir + ": run scripts/eval-fetch-corpora.sh first "
                    + "(or pass --corpora DIR)");
        }
        System.out.printf(Locale.ROOT, "codebase-mcp quality: corpora %s, languages %s, %d cores, load average %.2f%n", corporaDir,
                languages, Runtime.getRuntime().availableProcessors(), loadAverage());
        List<CorpusSlice> slices = new ArrayList<>();
        for (String lang : languages) {
            CorpusSlice s = CorpusBuilder.build(lang, corporaDir.resolve(lang), evalDir.resolve("blanked").resolve(lang), maxQueries, seed);
            System.out.printf(Locale.ROOT, "%-10s %d files, %d documented functions, %d queries (dropped: %s)%n", lang, s.files().size(),
                    s.candidates(), s.queries().size(), s.rejected());
            slices.add(s);
        }
        Path home = reuseIndex ? evalDir.resolve("index").resolve(indexKey(embedder, System.getenv()) + "-" + corpusKey(slices))
                : Files.createTempDirectory("codebase-mcp-quality");
        System.out.printf(Locale.ROOT, "index: %s (%s)%n", home, reuseIndex && Files.isDirectory(home.resolve("projects")) ? "reused" : "new");
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("CODEBASE_MCP_HOME", home.toString());
        env.put("EMBEDDING_PROVIDER", embedder);
        env.put("LOG_FILE", home.resolve("quality.log").toString());
        env.remove("CODEBASE_MCP_STORE");
        Settings settings = Settings.from(env);
        System.setProperty("codebase.log.file", settings.logFile().toString());
        System.setProperty("codebase.log.stderrLevel", "WARN");
        java.util.logging.Logger.getLogger("org.apache.lucene").setLevel(java.util.logging.Level.WARNING);
        QualityReport report;
        try (App app = new App(settings).startWorkers()) {
            Map<String, ProjectRef> projects = new LinkedHashMap<>();
            long chunks = 0;
            double indexSeconds = 0;
            for (CorpusSlice s : slices) {
                ProjectRef project = app.registry.getOrCreate(new ProjectSpec("eval-" + s.language(), null, null,
                        "Retrieval-quality evaluation corpus (" + s.language() + ")"));
                projects.put(s.language(), project);
                long t0 = System.nanoTime();
                JobService.Submission sub = app.jobs.submit(project, s.blankedRoot().toAbsolutePath().toString(), false);
                Job job = app.jobs.await(sub.job().id(), Duration.ofDays(1), j -> { });
                double secs = (System.nanoTime() - t0) / 1e9;
                if (!job.status().wireName().equals("completed")) {
                    throw new IllegalStateException("Indexing the " + s.language() + " corpus ended " + job.status().wireName() + ": "
                            + job.errorMessage());
                }
                long total = app.search.state(project).chunks();
                chunks += total;
                indexSeconds += secs;
                System.out.printf(Locale.ROOT, "%-10s indexed in %.1f s: %d chunks in the index, %d embeddings computed (%d files unchanged), load %.2f%n",
                        s.language(), secs, total, job.counters().embeddingsComputed(), job.counters().filesUnchanged(), loadAverage());
            }
            Map<String, Map<String, String>> files = new LinkedHashMap<>();
            slices.forEach(s -> files.put(s.language(), s.files()));
            Map<String, Retriever> systems = new LinkedHashMap<>();
            systems.put("keyword", new KeywordBaseline(files));
            for (SearchMode mode : List.of(SearchMode.LEXICAL, SearchMode.SEMANTIC, SearchMode.HYBRID)) {
                systems.put(mode.wireName(), (lang, query, n) -> hits(app, projects.get(lang), query, n, mode));
            }
            report = QualityReport.run(slices, systems, limit, System.out);
            if (dumpLegs != null) {
                dumpLegs(app, slices, projects, dumpLegs);
            }
            report.setup().put("embedder", app.embedder.modelId());
            report.setup().put("languages", languages);
            report.setup().put("max_queries_per_language", maxQueries);
            report.setup().put("seed", seed);
            report.setup().put("limit", limit);
            report.setup().put("chunks", chunks);
            report.setup().put("index_seconds", Math.round(indexSeconds));
        }
        double total = (System.nanoTime() - started) / 1e9;
        report.setup().put("total_seconds", Math.round(total));
        report.setup().put("load_average_end", loadAverage());
        System.out.println();
        report.printTable(System.out);
        System.out.println();
        report.printMarkdown(System.out);
        Path out = json != null ? json : evalDir.resolve("results").resolve("quality-" + embedder + ".json");
        report.writeJson(out);
        System.out.printf(Locale.ROOT, "%nwrote %s; total %.0f s, load average %.2f%n", out, total, loadAverage());
        if (!reuseIndex) {
            deleteTree(home);
        }
        return 0;
    }

    private static List<Hit> hits(App app, ProjectRef project, String query, int limit, SearchMode mode) {
        List<SearchResult> results = app.search.search(project, new SearchRequest(query, SearchFilter.NONE, limit, mode)).results();
        List<Hit> out = new ArrayList<>(results.size());
        for (SearchResult r : results) {
            out.add(new Hit(r.filePath(), r.startLine(), r.endLine()));
        }
        return out;
    }

    private static void dumpLegs(App app, List<CorpusSlice> slices, Map<String, ProjectRef> projects, Path file) throws IOException {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (var out = Files.newBufferedWriter(file)) {
            for (CorpusSlice s : slices) {
                for (var q : s.queries()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("language", q.language());
                    row.put("path", q.path());
                    row.put("start", q.startLine());
                    row.put("end", q.endLine());
                    row.put("symbol", q.symbol());
                    row.put("query", q.query());
                    for (SearchMode mode : List.of(SearchMode.LEXICAL, SearchMode.SEMANTIC)) {
                        List<Object> hits = new ArrayList<>();
                        for (SearchResult r : app.search.search(projects.get(s.language()),
                                new SearchRequest(q.query(), SearchFilter.NONE, SearchRequest.MAX_LIMIT, mode)).results()) {
                            hits.add(List.of(r.chunkId(), r.filePath(), r.startLine(), r.endLine(), r.symbol() == null ? "" : r.symbol(),
                                    r.chunkType(), r.score()));
                        }
                        row.put(mode.wireName(), hits);
                    }
                    out.write(json.writeValueAsString(row));
                    out.newLine();
                }
            }
        }
    }

    static Path evalDir() {
        String dir = System.getenv("CODEBASE_MCP_EVAL_DIR");
        return dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"), ".cache", "codebase-mcp", "eval");
    }

    /**
     * The embedder part of a reused index's name: {@code onnx} for the default model and token budget, else the model and
     * budget too ({@code onnx-all-minilm-l6-v2-q-256t}), then the embedded text's format ({@code -text2}), so runs comparing
     * EMBEDDING_MODEL or EMBEDDING_MAX_TOKENS settings each keep their own index and a new text format starts a new one.
     * A remote provider's index is keyed by its model id ({@code ollama-nomic-embed-text_127.0.0.1_11434-text2}).
     */
    static String indexKey(String embedder, Map<String, String> env) {
        String text = "-text" + EmbeddingText.FORMAT;
        if (embedder.equals("ollama") || embedder.equals("openai")) {
            Map<String, String> remote = new HashMap<>(env);
            remote.put("EMBEDDING_PROVIDER", embedder);
            // the model id less its provider: model, host and a hash of the document prefix, as a file name
            String id = App.remoteModel(Settings.from(remote)).id().substring(embedder.length() + 1);
            return embedder + "-" + id.replaceAll("[^A-Za-z0-9._+-]", "_") + text;
        }
        if (!embedder.equals("onnx")) {
            return embedder + text;
        }
        Settings s = Settings.from(env);
        boolean defaults = s.embeddingModel().equals(Settings.EMBEDDING_MODELS.get(0)) && s.embeddingMaxTokens() == Settings.DEFAULT_EMBEDDING_MAX_TOKENS;
        return (defaults ? embedder : embedder + "-" + s.embeddingModel() + "-" + s.embeddingMaxTokens() + "t") + text;
    }

    /** A short hash of the blanked corpora, so a reused index always matches the files it was built from. */
    private static String corpusKey(List<CorpusSlice> slices) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (CorpusSlice s : slices) {
            sha.update(s.language().getBytes(StandardCharsets.UTF_8));
            // Sorted: the slice's map has no stable iteration order across runs.
            new java.util.TreeMap<>(s.files()).forEach((p, text) -> {
                sha.update(p.getBytes(StandardCharsets.UTF_8));
                sha.update(text.getBytes(StandardCharsets.UTF_8));
            });
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
