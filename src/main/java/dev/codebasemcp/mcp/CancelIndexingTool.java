package dev.codebasemcp.mcp;

import dev.codebasemcp.Job;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Cancels a pending or running job. */
final class CancelIndexingTool implements Tool {
    private final ToolContext ctx;

    CancelIndexingTool(ToolContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public McpSchema.Tool declaration() {
        return McpSchema.Tool.builder().name("cancel_indexing_background")
                .description("Cancel a pending or running indexing job. It stops within about a second; files committed before "
                        + "the cancel stay searchable and a later start resumes from them. Cancelling a finished job is an error.")
                .inputSchema(Schemas.object(Map.of(
                        "job_id", Schemas.string("The job_id to cancel"),
                        "project_id", Schemas.string("Optional: the job's project (UUID or name); checked against the job")),
                        List.of("job_id")))
                .annotations(Schemas.annotations("Cancel indexing", false, true, true))
                .build();
    }

    @Override
    public Set<String> arguments() {
        return Set.of("job_id", "project_id");
    }

    @Override
    public Map<String, Object> call(Call call) {
        Job job = ctx.jobs().get(call.args().required("job_id"));
        GetIndexingStatusTool.checkProject(ctx, job, call.args().optionalNonBlank("project_id"));
        Job cancelled = ctx.jobs().cancel(job.id());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("job_id", cancelled.id());
        out.put("status", cancelled.status().wireName());
        out.put("message", "Job cancelled; committed files stay searchable");
        return out;
    }
}
