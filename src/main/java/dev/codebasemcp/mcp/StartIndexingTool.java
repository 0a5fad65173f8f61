package dev.codebasemcp.mcp;

import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.jobs.JobService;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Queues an indexing job and returns its id at once. */
final class StartIndexingTool implements Tool {
    private final ToolContext ctx;
    private final Sessions sessions;

    StartIndexingTool(ToolContext ctx, Sessions sessions) {
        this.ctx = ctx;
        this.sessions = sessions;
    }

    @Override
    public McpSchema.Tool declaration() {
        return McpSchema.Tool.builder().name("start_indexing_background")
                .description("Index (or update the index of) a repository in the background and return a job_id immediately. "
                        + "Only changed files are re-processed, so re-running after edits is cheap. Poll get_indexing_status "
                        + "with the job_id until status is completed, failed or cancelled; search_code works on whatever is "
                        + "already indexed meanwhile. Starting again while a job for the same repository runs returns that job.")
                .inputSchema(Schemas.object(properties(), List.of("repo_path")))
                .annotations(Schemas.annotations("Start indexing", false, false, true))
                .build();
    }

    static Map<String, Object> properties() {
        Map<String, Object> props = new java.util.LinkedHashMap<>();
        props.put("repo_path", Schemas.string("Absolute path of the repository root directory"));
        props.put("project_id", Schemas.string(Schemas.PROJECT_ID));
        props.put("force_reindex", Schemas.bool("Rebuild the repository's index from scratch instead of updating changed files", false));
        return props;
    }

    @Override
    public Set<String> arguments() {
        return Set.of("repo_path", "project_id", "force_reindex");
    }

    @Override
    public Map<String, Object> call(Call call) {
        String repoPath = call.args().required("repo_path");
        boolean force = call.args().bool("force_reindex", false);
        Path repo = JobService.validateRepoPath(repoPath);
        ProjectRef project = ctx.projects().resolve(call.args().optionalNonBlank("project_id"),
                sessions.workingDirectory(call.sessionId()), repo);
        JobService.Submission s = ctx.jobs().submit(project, repo.toString(), force);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", s.job().id());
        out.put("status", s.job().status().wireName());
        out.put("message", s.deduplicated()
                ? "A job for this repository is already " + s.job().status().wireName() + "; returning it. Poll get_indexing_status."
                : "Indexing job queued for " + repo + " in project '" + project.name() + "'. Poll get_indexing_status with this job_id.");
        out.put("project_id", project.id());
        out.put("database_name", project.databaseName());
        out.put("repo_path", repo.toString());
        out.put("force_reindex", s.job().forceReindex());
        out.put("deduplicated", s.deduplicated());
        return out;
    }
}
