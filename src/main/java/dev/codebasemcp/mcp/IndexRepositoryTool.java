package dev.codebasemcp.mcp;

import dev.codebasemcp.Job;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Starts (or joins) an indexing job and waits up to wait_seconds for it, sending progress notifications. */
final class IndexRepositoryTool implements Tool {
    static final int MAX_WAIT_SECONDS = 50;
    private final ToolContext ctx;
    private final StartIndexingTool start;

    IndexRepositoryTool(ToolContext ctx, StartIndexingTool start) {
        this.ctx = ctx;
        this.start = start;
    }

    @Override
    public McpSchema.Tool declaration() {
        Map<String, Object> props = StartIndexingTool.properties();
        props.put("wait_seconds", Schemas.integer("How long to wait for the job before returning its status (0-50)", 20, 0,
                MAX_WAIT_SECONDS));
        return McpSchema.Tool.builder().name("index_repository")
                .description("Index a repository and wait up to wait_seconds (default 20, max 50) for it to finish, reporting "
                        + "progress if you passed a progress token. Returns the job status; if the job is still running, call "
                        + "get_indexing_status with its job_id later. Prefer this for small repositories and after edits.")
                .inputSchema(Schemas.object(props, java.util.List.of("repo_path")))
                .annotations(Schemas.annotations("Index repository", false, false, true))
                .build();
    }

    @Override
    public Set<String> arguments() {
        return Set.of("repo_path", "project_id", "force_reindex", "wait_seconds");
    }

    @Override
    public Map<String, Object> call(Call call) throws InterruptedException {
        int wait = call.args().integer("wait_seconds", 20, 0, MAX_WAIT_SECONDS);
        Map<String, Object> started = start.call(call);
        Object token = call.request().meta() == null ? null : call.request().meta().get("progressToken");
        Job last = ctx.jobs().await((String) started.get("job_id"), Duration.ofSeconds(wait), job -> {
            if (token != null && call.exchange() != null) {
                call.exchange().progressNotification(new McpSchema.ProgressNotification(token, job.progressPercentage(), 100.0,
                        job.progressMessage()));
            }
        });
        Map<String, Object> out = Json.job(last);
        out.put("deduplicated", started.get("deduplicated"));
        out.put("message", last.status().isTerminal() ? "Job " + last.status().wireName()
                : "Still " + last.status().wireName() + " after " + wait + " s; poll get_indexing_status with job_id " + last.id());
        return out;
    }
}
