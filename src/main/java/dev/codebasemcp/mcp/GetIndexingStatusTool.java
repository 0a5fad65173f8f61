package dev.codebasemcp.mcp;

import dev.codebasemcp.InvalidInputException;
import dev.codebasemcp.Job;
import dev.codebasemcp.ProjectRef;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Returns a job's full status. */
final class GetIndexingStatusTool implements Tool {
    private final ToolContext ctx;

    GetIndexingStatusTool(ToolContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public McpSchema.Tool declaration() {
        return McpSchema.Tool.builder().name("get_indexing_status")
                .description("Status of an indexing job: status (pending, running, completed, failed, cancelled), phase, "
                        + "progress percentage and message, file/chunk/embedding counters, ETA, warnings for skipped files, "
                        + "and error_message/error_type when it failed. Two milestones: searchable_at (every file is "
                        + "committed and keyword search finds it) and embedded_at (every chunk has a vector, so semantic "
                        + "search is complete); embeddings_pending counts chunks still waiting for a vector.")
                .inputSchema(Schemas.object(Map.of(
                        "job_id", Schemas.string("The job_id returned by start_indexing_background"),
                        "project_id", Schemas.string("Optional: the job's project (UUID or name); checked against the job")),
                        List.of("job_id")))
                .annotations(Schemas.annotations("Get indexing status", true, false, true))
                .build();
    }

    @Override
    public Set<String> arguments() {
        return Set.of("job_id", "project_id");
    }

    @Override
    public Map<String, Object> call(Call call) {
        Job job = ctx.jobs().get(call.args().required("job_id"));
        checkProject(ctx, job, call.args().optionalNonBlank("project_id"));
        return Json.job(job);
    }

    /** When the caller names a project, the job must belong to it. */
    static void checkProject(ToolContext ctx, Job job, String projectId) {
        if (projectId == null) {
            return;
        }
        ProjectRef p = ctx.projects().resolve(projectId, null);
        if (!p.id().equals(job.projectId())) {
            throw new InvalidInputException("Job " + job.id() + " belongs to project '" + job.projectName() + "', not '"
                    + p.name() + "'; omit project_id or pass the job's project");
        }
    }
}
