package dev.codebasemcp.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.mcp.Json;
import dev.codebasemcp.search.SearchMode;
import dev.codebasemcp.search.SearchRequest;
import dev.codebasemcp.search.SearchResponse;
import dev.codebasemcp.search.SearchResult;
import dev.codebasemcp.store.SearchFilter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code search QUERY}: hybrid search in the project of the current directory (or --project). */
@Command(name = "search", description = "Search indexed code by meaning and keywords.")
final class SearchCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "1..*", description = "What you are looking for")
    String[] query;

    @Option(names = "--project", description = "Project id or name (default: from .codebase-mcp/config.json, else 'default')")
    String project;

    @Option(names = "--limit", defaultValue = "10", description = "Number of results (1-50, default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--lang", description = "Only this language (java, python, ...)")
    String language;

    @Option(names = "--type", description = "Only this file extension (py, ts, ...)")
    String fileType;

    @Option(names = "--path", description = "Only under this repo-relative directory or matching this glob")
    String directory;

    @Option(names = "--mode", defaultValue = "hybrid", description = "hybrid, lexical or semantic")
    String mode;

    @Option(names = "--json", description = "Print results as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try (App app = new App(Main.settings("WARN"))) {
            ProjectRef p = app.projects.resolve(project, Path.of("").toAbsolutePath());
            SearchRequest req = new SearchRequest(String.join(" ", query), SearchFilter.of(null, language, fileType, directory),
                    limit, SearchMode.parse(mode));
            SearchResponse r = app.search.search(p, req);
            if (json) {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("results", r.results().stream().map(Json::result).toList());
                out.put("total_count", r.totalCount());
                out.put("project_id", p.id());
                out.put("database_name", p.databaseName());
                out.put("latency_ms", r.latencyMs());
                out.put("index", Json.indexState(r.index()));
                System.out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(out));
                return 0;
            }
            if (r.results().isEmpty()) {
                System.out.println(r.index().state().equals("empty")
                        ? "Nothing indexed in project '" + p.name() + "' yet: run `codebase-mcp index <repo>` first."
                        : "No matches in project '" + p.name() + "' (" + r.index().files() + " files indexed).");
                return 0;
            }
            int n = 1;
            for (SearchResult res : r.results()) {
                System.out.printf("%d. %s:%d-%d  %s%s  [%s, score %.4f]%n", n++, res.filePath(), res.startLine(), res.endLine(),
                        res.chunkType(), res.symbol() == null ? "" : " " + res.symbol(), res.language(), res.score());
                String[] lines = res.content().split("\n");
                for (int i = 0; i < Math.min(4, lines.length); i++) {
                    System.out.println("     " + (lines[i].length() > 120 ? lines[i].substring(0, 117) + "..." : lines[i]));
                }
                if (lines.length > 4) {
                    System.out.println("     ...");
                }
            }
            System.out.printf("%d results in %d ms (project '%s', index %s: %d files, %d chunks)%n", r.results().size(),
                    r.latencyMs(), p.name(), r.index().state(), r.index().files(), r.index().chunks());
            return 0;
        }
    }
}
