package dev.codebasemcp;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An immutable, resolved project: what every tool call and background job carries instead of a session.
 *
 * @param id           canonical lowercase UUID string
 * @param name         human name, unique in the registry
 * @param databaseName data-plane name, {@code cb_proj_<sanitized>_<8 hex>}
 */
public record ProjectRef(String id, String name, String databaseName) {

    public static final Pattern DATABASE_NAME = Pattern.compile("^cb_proj_[a-z0-9_]+_[a-f0-9]{8}$");
    public static final String DEFAULT_ID = "00000000-0000-0000-0000-000000000000";
    public static final String DEFAULT_NAME = "default";
    public static final String DEFAULT_DATABASE = "cb_proj_default_00000000";

    public ProjectRef {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(databaseName, "databaseName");
        if (!id.equals(UUID.fromString(id).toString())) {
            throw new IllegalArgumentException("project id must be a canonical lowercase UUID: " + id);
        }
        if (name.isBlank() || name.length() > 255) {
            throw new IllegalArgumentException("project name must be 1-255 characters");
        }
        if (!DATABASE_NAME.matcher(databaseName).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME.pattern() + ": " + databaseName);
        }
    }

    public static ProjectRef defaultProject() {
        return new ProjectRef(DEFAULT_ID, DEFAULT_NAME, DEFAULT_DATABASE);
    }

    /** {@code cb_proj_ + sanitize(name) + _ + first 8 hex digits of the id}, as the original codebase-mcp named them. */
    public static String databaseNameFor(String name, String id) {
        String s = name.toLowerCase(java.util.Locale.ROOT).replace(' ', '_').replace('-', '_').replaceAll("[^a-z0-9_]", "");
        if (s.length() > 30) {
            s = s.substring(0, 30);
        }
        if (s.isEmpty()) {
            s = "project";
        }
        return "cb_proj_" + s + "_" + id.replace("-", "").substring(0, 8);
    }
}
