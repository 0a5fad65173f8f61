package dev.codebasemcp.mcp;

import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.store.IndexStats;
import dev.codebasemcp.store.ProjectIndex;
import dev.codebasemcp.store.RepositoryInfo;
import io.modelcontextprotocol.spec.McpSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lists registered projects with their repositories and index sizes. A project whose data plane cannot be opened is
 * listed with an {@code error} instead of failing the whole list.
 */
final class ListProjectsTool implements Tool {
    private static final Logger log = LoggerFactory.getLogger(ListProjectsTool.class);
    private final ToolContext ctx;

    ListProjectsTool(ToolContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public McpSchema.Tool declaration() {
        return McpSchema.Tool.builder().name("list_projects")
                .description("List the projects in the registry with their indexed repositories (id, path, files, chunks, "
                        + "last indexed time). Use a project's id or name as project_id and a repository id as repository_id.")
                .inputSchema(Schemas.object(Map.of(), List.of()))
                .annotations(Schemas.annotations("List projects", true, false, true))
                .build();
    }

    @Override
    public Set<String> arguments() {
        return Set.of();
    }

    @Override
    public Map<String, Object> call(Call call) {
        List<Map<String, Object>> projects = new ArrayList<>();
        for (ProjectRef p : ctx.registry().list()) {
            Map<String, Object> m = Json.project(p);
            List<Map<String, Object>> repos = new ArrayList<>();
            try {
                if (ctx.chunkStore().exists(p)) {
                    ProjectIndex index = ctx.chunkStore().open(p);
                    for (RepositoryInfo r : index.repositories()) {
                        IndexStats s = index.stats(r.id()).orElse(IndexStats.EMPTY);
                        Map<String, Object> rm = new LinkedHashMap<>();
                        rm.put("id", r.id());
                        rm.put("path", r.path());
                        rm.put("files", s.files());
                        rm.put("chunks", s.chunks());
                        rm.put("last_indexed_at", Json.time(s.lastIndexedAt()));
                        repos.add(rm);
                    }
                }
            } catch (RuntimeException e) {
                // One unusable data plane (dropped, refusing connections, corrupt) must not hide every other project.
                log.warn("list_projects: the data plane {} of project {} cannot be read", p.databaseName(), p.name(), e);
                m.put("error", "the index of this project cannot be read: " + e.getMessage());
            }
            m.put("repositories", repos);
            projects.add(m);
        }
        return Map.of("projects", projects);
    }
}
