package dev.codebasemcp.mcp;

import dev.codebasemcp.InvalidInputException;
import dev.codebasemcp.JobStatus;
import dev.codebasemcp.store.JobStore;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Lists jobs, newest first, with filters and paging. */
final class ListJobsTool implements Tool {
    private final ToolContext ctx;

    ListJobsTool(ToolContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public McpSchema.Tool declaration() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("status", Schemas.enumeration("Only jobs in this state", List.of("pending", "running", "completed", "failed",
                "cancelled"), null));
        props.put("project_id", Schemas.string("Only jobs of this project (UUID or name)"));
        props.put("repo_path", Schemas.string("Only jobs for this absolute repository path"));
        props.put("limit", Schemas.integer("Page size", 20, 1, 100));
        props.put("offset", Schemas.integer("Jobs to skip", 0, 0, Integer.MAX_VALUE));
        return McpSchema.Tool.builder().name("list_background_jobs")
                .description("List indexing jobs newest first, optionally filtered by status, project and repository, with "
                        + "paging (limit 1-100, offset). total_count is the number of matching jobs. Each job carries "
                        + "its milestones searchable_at (keyword search ready) and embedded_at (all vectors in).")
                .inputSchema(Schemas.object(props, List.of()))
                .annotations(Schemas.annotations("List indexing jobs", true, false, true))
                .build();
    }

    @Override
    public Set<String> arguments() {
        return Set.of("status", "project_id", "repo_path", "limit", "offset");
    }

    @Override
    public Map<String, Object> call(Call call) {
        String statusArg = call.args().optionalNonBlank("status");
        JobStatus status;
        try {
            status = statusArg == null ? null : JobStatus.fromWire(statusArg.strip().toLowerCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage());
        }
        String projectArg = call.args().optionalNonBlank("project_id");
        String projectId = projectArg == null ? null : ctx.projects().resolve(projectArg, null).id();
        String repo = call.args().optionalNonBlank("repo_path");
        if (repo != null) {
            Path p = Path.of(repo);
            if (!p.isAbsolute()) {
                throw new InvalidInputException("repo_path must be absolute, not '" + Args.abbreviate(repo) + "'");
            }
            try {
                repo = p.toRealPath().toString();
            } catch (java.io.IOException e) {
                repo = p.normalize().toString();
            }
        }
        int limit = call.args().integer("limit", 20, 1, 100);
        int offset = call.args().integer("offset", 0, 0, Integer.MAX_VALUE);
        JobStore.JobPage page = ctx.jobs().list(status, projectId, repo, limit, offset);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("jobs", page.jobs().stream().map(Json::job).toList());
        out.put("total_count", page.totalCount());
        out.put("limit", limit);
        out.put("offset", offset);
        return out;
    }
}
