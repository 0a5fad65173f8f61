package dev.codebasemcp.store;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/** A repository (absolute path) registered in a project's data plane. */
public record RepositoryInfo(String id, String path) {
    public RepositoryInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(path, "path");
    }

    /** Stable id for a path: a name-based UUID, so every store and process agrees without coordination. */
    public static String idFor(String absolutePath) {
        return UUID.nameUUIDFromBytes(("repo:" + absolutePath).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
