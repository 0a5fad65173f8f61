package dev.codebasemcp.store;

import dev.codebasemcp.ProjectRef;

/** Opens projects' data planes. One instance per process; thread-safe; caches open indexes. */
public interface ChunkStore extends AutoCloseable {

    /** Returns the project's data plane, creating (provisioning) it if it does not exist. Idempotent. */
    ProjectIndex open(ProjectRef project);

    /** Whether the project's data plane exists, without creating it. */
    boolean exists(ProjectRef project);

    @Override
    void close();
}
