package dev.codebasemcp.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs every query of every slice through every system and holds the figures: per language and overall, per system,
 * plus each query's ranks (for looking into failures). Prints a table and writes JSON.
 */
public final class QualityReport {

    /** One query's outcome for every system: 1-based ranks, 0 when not in the top 10. */
    public record QueryOutcome(DocQuery query, Map<String, int[]> fileAndFunctionRank) {}

    private final List<String> systems;
    private final Map<String, Map<String, Metrics>> byLanguage = new LinkedHashMap<>();
    private final List<QueryOutcome> outcomes = new ArrayList<>();
    private final Map<String, Object> setup = new LinkedHashMap<>();

    private QualityReport(List<String> systems) {
        this.systems = List.copyOf(systems);
    }

    /** Evaluates; {@code systems} in table order (name to retriever). {@code progress} gets one line per language. */
    public static QualityReport run(List<CorpusSlice> slices, Map<String, Retriever> systems, int limit, PrintStream progress) {
        QualityReport report = new QualityReport(List.copyOf(systems.keySet()));
        for (CorpusSlice slice : slices) {
            Map<String, Metrics> perSystem = new LinkedHashMap<>();
            Map<String, Long> nanos = new LinkedHashMap<>();
            systems.keySet().forEach(s -> perSystem.put(s, new Metrics()));
            for (DocQuery q : slice.queries()) {
                Map<String, int[]> ranks = new LinkedHashMap<>();
                for (Map.Entry<String, Retriever> s : systems.entrySet()) {
                    long t0 = System.nanoTime();
                    List<Hit> hits = s.getValue().search(slice.language(), q.query(), limit);
                    nanos.merge(s.getKey(), System.nanoTime() - t0, Long::sum);
                    perSystem.get(s.getKey()).add(q, hits);
                    ranks.put(s.getKey(), new int[] {Metrics.fileRank(hits, q), Metrics.functionRank(hits, q)});
                }
                report.outcomes.add(new QueryOutcome(q, ranks));
            }
            report.byLanguage.put(slice.language(), perSystem);
            if (progress != null) {
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-10s %d queries;", slice.language(), slice.queries().size()));
                nanos.forEach((s, n) -> line.append(String.format(Locale.ROOT, " %s %.1f ms/query", s, n / 1e6 / Math.max(1, slice.queries().size()))));
                progress.println(line);
            }
        }
        return report;
    }

    /** Free-form facts about the run (corpus, embedder, timings) that go into the JSON. */
    public Map<String, Object> setup() {
        return setup;
    }

    public Metrics.Summary summary(String language, String system) {
        if (language.equals("all")) {
            Metrics m = new Metrics();
            byLanguage.values().forEach(per -> m.addAll(per.get(system)));
            return m.summary();
        }
        return byLanguage.get(language).get(system).summary();
    }

    public List<String> languages() {
        List<String> out = new ArrayList<>(byLanguage.keySet());
        out.add("all");
        return out;
    }

    public List<String> systems() {
        return systems;
    }

    public List<QueryOutcome> outcomes() {
        return List.copyOf(outcomes);
    }

    public void printTable(PrintStream out) {
        out.printf(Locale.ROOT, "%-10s %-9s %7s | %-31s | %-31s | %6s%n", "", "", "", "      function level", "        file level", "");
        out.printf(Locale.ROOT, "%-10s %-9s %7s | %7s %7s %7s %7s | %7s %7s %7s %7s | %6s%n", "language", "system", "queries",
                "MRR@10", "R@1", "R@5", "R@10", "MRR@10", "R@1", "R@5", "R@10", "lines");
        for (String lang : languages()) {
            for (String sys : systems) {
                Metrics.Summary s = summary(lang, sys);
                out.printf(Locale.ROOT, "%-10s %-9s %7d | %7.3f %7.3f %7.3f %7.3f | %7.3f %7.3f %7.3f %7.3f | %6.1f%n", lang, sys,
                        s.queries(), s.fnMrr(), s.fnR1(), s.fnR5(), s.fnR10(), s.fileMrr(), s.fileR1(), s.fileR5(), s.fileR10(),
                        s.meanLines());
            }
        }
    }

    /** Markdown table of the function-level figures (what the README shows). */
    public void printMarkdown(PrintStream out) {
        out.println("| Language | System | Queries | MRR@10 | R@1 | R@5 | R@10 | File MRR@10 | File R@10 | Lines |");
        out.println("|---|---|---|---|---|---|---|---|---|---|");
        for (String lang : languages()) {
            for (String sys : systems) {
                Metrics.Summary s = summary(lang, sys);
                out.printf(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.1f |%n", lang, sys, s.queries(),
                        s.fnMrr(), s.fnR1(), s.fnR5(), s.fnR10(), s.fileMrr(), s.fileR10(), s.meanLines());
            }
        }
    }

    public void writeJson(Path file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("setup", setup);
        Map<String, Object> results = new LinkedHashMap<>();
        for (String lang : languages()) {
            Map<String, Object> per = new LinkedHashMap<>();
            for (String sys : systems) {
                per.put(sys, summary(lang, sys));
            }
            results.put(lang, per);
        }
        root.put("results", results);
        List<Map<String, Object>> queries = new ArrayList<>();
        for (QueryOutcome o : outcomes) {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("language", o.query().language());
            q.put("path", o.query().path());
            q.put("symbol", o.query().symbol());
            q.put("start_line", o.query().startLine());
            q.put("end_line", o.query().endLine());
            q.put("query", o.query().query());
            Map<String, Object> ranks = new LinkedHashMap<>();
            o.fileAndFunctionRank().forEach((s, r) -> ranks.put(s, Map.of("file", r[0], "function", r[1])));
            q.put("ranks", ranks);
            queries.add(q);
        }
        root.put("queries", queries);
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
    }
}
