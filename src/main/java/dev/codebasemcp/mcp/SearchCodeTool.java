package dev.codebasemcp.mcp;

import dev.codebasemcp.InvalidInputException;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.metrics.ServerMetrics;
import dev.codebasemcp.search.SearchMode;
import dev.codebasemcp.search.SearchRequest;
import dev.codebasemcp.search.SearchResponse;
import dev.codebasemcp.store.RepositoryInfo;
import dev.codebasemcp.store.SearchFilter;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Hybrid code search over one project. */
final class SearchCodeTool implements Tool {
    private final ToolContext ctx;
    private final Sessions sessions;
    private final ServerMetrics metrics;

    SearchCodeTool(ToolContext ctx, Sessions sessions, ServerMetrics metrics) {
        this.ctx = ctx;
        this.sessions = sessions;
        this.metrics = metrics;
    }

    @Override
    public McpSchema.Tool declaration() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("query", Schemas.string("What you are looking for: a description of behaviour ('where are HTTP retries "
                + "with backoff handled') or identifiers ('parseConfig', 'max_file_size')"));
        props.put("project_id", Schemas.string(Schemas.PROJECT_ID));
        props.put("repository_id", Schemas.string("Only this repository of the project (an id from list_projects)"));
        props.put("file_type", Schemas.string("Only files with this extension, e.g. 'py', '.ts'"));
        props.put("language", Schemas.string("Only this language, e.g. java, python, typescript, go, rust, markdown"));
        props.put("directory", Schemas.string("Only under this repo-relative directory ('src/main') or matching this glob "
                + "('src/**/test/*.java', '**/*.py')"));
        props.put("limit", Schemas.integer("Number of results", 10, 1, SearchRequest.MAX_LIMIT));
        props.put("mode", Schemas.enumeration("hybrid (default, best; test files rank lower unless the query mentions "
                + "tests), lexical (keywords only) or semantic (meaning only)",
                List.of("hybrid", "lexical", "semantic"), "hybrid"));
        return McpSchema.Tool.builder().name("search_code")
                .description("Search the indexed code of a project by meaning and keywords. Returns the best matching "
                        + "functions, methods, classes or blocks with repo-relative file_path, exact 1-based start_line/end_line, "
                        + "the code and a few lines of context. The 'index' field tells whether the index is empty, still "
                        + "indexing or ready; if it is empty, index the repository first with start_indexing_background. "
                        + "A 'warning' field, when present, says why the results are not what the mode promises (e.g. "
                        + "keyword-only because the embedding server is down).")
                .inputSchema(Schemas.object(props, List.of("query")))
                .annotations(Schemas.annotations("Search code", true, false, true))
                .build();
    }

    @Override
    public Set<String> arguments() {
        return Set.of("query", "project_id", "repository_id", "file_type", "language", "directory", "limit", "mode");
    }

    @Override
    public Map<String, Object> call(Call call) {
        Args a = call.args();
        String query = a.optional("query");
        SearchRequest request = new SearchRequest(query,
                SearchFilter.of(a.optionalNonBlank("repository_id"), a.optionalNonBlank("language"), a.optionalNonBlank("file_type"),
                        a.optionalNonBlank("directory")),
                a.integer("limit", 10, 1, SearchRequest.MAX_LIMIT), SearchMode.parse(a.optionalNonBlank("mode")));
        ProjectRef project = ctx.projects().resolve(a.optionalNonBlank("project_id"), sessions.workingDirectory(call.sessionId()));
        checkRepository(project, request.filter().repositoryId());
        long start = System.nanoTime();
        SearchResponse r = ctx.search().search(project, request);
        metrics.searchServed(request.mode().wireName(), System.nanoTime() - start);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("results", r.results().stream().map(Json::result).toList());
        out.put("total_count", r.totalCount());
        out.put("project_id", project.id());
        out.put("project_name", project.name());
        out.put("database_name", project.databaseName());
        out.put("latency_ms", r.latencyMs());
        out.put("mode", request.mode().wireName());
        out.put("legs", r.legs());
        if (r.warning() != null) {
            out.put("warning", r.warning());
        }
        out.put("index", Json.indexState(r.index()));
        if (r.results().isEmpty()) {
            out.put("message", switch (r.index().state()) {
                case "empty" -> "Nothing is indexed in project '" + project.name() + "' yet. Index the repository with "
                        + "start_indexing_background (repo_path = its absolute path), then search again.";
                case "indexing" -> "No results yet: project '" + project.name() + "' is being indexed (job "
                        + r.index().activeJobId() + "); results appear as files are committed.";
                default -> "No matches. Try other words, an identifier, or fewer filters.";
            });
        }
        return out;
    }

    /** An unknown repository_id is a mistake to report, not a filter that silently matches nothing. */
    private void checkRepository(ProjectRef project, String repositoryId) {
        if (repositoryId == null) {
            return;
        }
        List<String> ids = ctx.chunkStore().exists(project)
                ? ctx.chunkStore().open(project).repositories().stream().map(RepositoryInfo::id).toList()
                : List.of();
        if (!ids.contains(repositoryId)) {
            throw new InvalidInputException("repository_id '" + Args.abbreviate(repositoryId) + "' is not a repository of project '"
                    + project.name() + "'" + (ids.isEmpty() ? " (it has none indexed yet)" : "; its repositories are " + ids)
                    + ". list_projects shows every project's repository ids; omit repository_id to search all of them.");
        }
    }
}
