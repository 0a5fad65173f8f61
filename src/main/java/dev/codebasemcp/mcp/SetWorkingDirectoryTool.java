package dev.codebasemcp.mcp;

import dev.codebasemcp.InvalidInputException;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.project.ProjectConfig;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Sets the session's working directory; reports the project its nearest config file selects. */
final class SetWorkingDirectoryTool implements Tool {
    private final ToolContext ctx;
    private final Sessions sessions;

    SetWorkingDirectoryTool(ToolContext ctx, Sessions sessions) {
        this.ctx = ctx;
        this.sessions = sessions;
    }

    @Override
    public McpSchema.Tool declaration() {
        return McpSchema.Tool.builder().name("set_working_directory")
                .description("Tell the server which directory you are working in (usually the repository root). Later calls "
                        + "without project_id use the project named by the nearest .codebase-mcp/config.json in this directory "
                        + "or its parents; without a config they use the default project. Call it once at the start of a session.")
                .inputSchema(Schemas.object(Map.of("directory", Schemas.string("Absolute path of the directory you work in")),
                        List.of("directory")))
                .annotations(Schemas.annotations("Set working directory", false, false, true))
                .build();
    }

    @Override
    public Set<String> arguments() {
        return Set.of("directory");
    }

    @Override
    public Map<String, Object> call(Call call) {
        String raw = call.args().required("directory");
        Path dir;
        try {
            dir = Path.of(raw);
        } catch (RuntimeException e) {
            throw new InvalidInputException("directory '" + Args.abbreviate(raw) + "' is not a valid path");
        }
        if (!dir.isAbsolute()) {
            throw new InvalidInputException("directory must be an absolute path, not '" + Args.abbreviate(raw) + "'");
        }
        if (!Files.isDirectory(dir)) {
            throw new InvalidInputException("directory " + Args.abbreviate(dir.toString())
                    + (Files.exists(dir) ? " is a file, not a directory" : " does not exist"));
        }
        dir = dir.normalize();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("session_id", call.sessionId());
        out.put("working_directory", dir.toString());
        ProjectRef project = null;
        String configError = null;
        Optional<ProjectConfig> config = Optional.empty();
        try {
            config = ctx.projects().findConfig(dir);
            if (config.isPresent()) {
                project = ctx.projects().fromConfig(config.get());
            }
        } catch (InvalidInputException e) {
            configError = e.getMessage();
        }
        // Remember the directory even when its config is invalid: later calls then fail naming the file, never fall through.
        sessions.setWorkingDirectory(call.sessionId(), dir);
        out.put("config_found", config.isPresent() || configError != null);
        out.put("config_path", config.map(c -> c.file().toString()).orElse(null));
        out.put("project", Json.project(project));
        out.put("config_error", configError);
        return out;
    }
}
