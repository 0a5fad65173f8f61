package dev.codebasemcp.project;

import dev.codebasemcp.NotFoundException;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.store.ProjectSpec;
import dev.codebasemcp.store.Registry;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Resolves the one project a tool call works on (DESIGN §3): explicit id or name, else the session's working
 * directory config, else (for indexing) the repository's config, else the default project. Every project returned
 * exists in the registry. Returns an immutable {@link ProjectRef}; callers hand that value to background work.
 */
public final class ProjectResolver {

    private final Registry registry;
    private final ConfigDiscovery discovery;

    public ProjectResolver(Registry registry, ConfigDiscovery discovery) {
        this.registry = registry;
        this.discovery = discovery;
    }

    /** For searches and job queries. {@code workingDirectory} may be null. */
    public ProjectRef resolve(String projectId, Path workingDirectory) {
        return resolve(projectId, workingDirectory, null);
    }

    /** For indexing: also looks for a config above {@code repoPath}. */
    public ProjectRef resolve(String projectId, Path workingDirectory, Path repoPath) {
        if (projectId != null && !projectId.isBlank()) {
            return registry.find(projectId.strip()).orElseThrow(() -> new NotFoundException(
                    "Unknown project '" + projectId.strip() + "'. Call list_projects to see the registered projects, or omit "
                            + "project_id: a project is created on first use from a .codebase-mcp/config.json above the working "
                            + "directory or repository (or the default project is used)."));
        }
        Optional<ProjectConfig> config = workingDirectory == null ? Optional.empty() : discovery.find(workingDirectory);
        if (config.isEmpty() && repoPath != null) {
            config = discovery.find(repoPath);
        }
        return config.map(this::fromConfig).orElseGet(this::defaultProject);
    }

    /** The project named by a config file, created in the registry if needed. */
    public ProjectRef fromConfig(ProjectConfig c) {
        return registry.getOrCreate(new ProjectSpec(c.name(), c.id(), c.databaseName(), c.description()));
    }

    public ProjectRef defaultProject() {
        return registry.getOrCreate(new ProjectSpec(ProjectRef.DEFAULT_NAME, ProjectRef.DEFAULT_ID, ProjectRef.DEFAULT_DATABASE,
                "Default project, used when no .codebase-mcp/config.json is found"));
    }

    public Optional<ProjectConfig> findConfig(Path directory) {
        return discovery.find(directory);
    }
}
