package dev.codebasemcp.store;

import java.util.Objects;

/**
 * What a caller knows about a project it wants to get or create.
 *
 * @param name         required, 1-255 chars
 * @param id           optional canonical UUID (from a config file); {@code null} = generate
 * @param databaseName optional {@code cb_proj_*} override; {@code null} = derived from name and id
 * @param description  optional
 */
public record ProjectSpec(String name, String id, String databaseName, String description) {
    public ProjectSpec {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.length() > 255) {
            throw new IllegalArgumentException("project name must be 1-255 characters");
        }
    }

    public static ProjectSpec named(String name) {
        return new ProjectSpec(name, null, null, null);
    }
}
