package dev.codebasemcp.store;

import dev.codebasemcp.ProjectRef;
import java.util.List;
import java.util.Optional;

/** The project registry: the single source of truth for which projects exist. */
public interface Registry {

    /**
     * Returns the project with this spec's name (or id, when given), creating the registry row if absent.
     * Idempotent and safe when several threads or processes race: all callers get the same row.
     */
    ProjectRef getOrCreate(ProjectSpec spec);

    /** Looks a project up by canonical UUID or by exact name. */
    Optional<ProjectRef> find(String idOrName);

    List<ProjectRef> list();
}
