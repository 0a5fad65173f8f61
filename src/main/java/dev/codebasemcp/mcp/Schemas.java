package dev.codebasemcp.mcp;

import io.modelcontextprotocol.spec.McpSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small builders for tool input schemas and annotations. */
final class Schemas {
    private Schemas() {}

    static Map<String, Object> string(String description) {
        return Map.of("type", "string", "description", description);
    }

    static Map<String, Object> bool(String description, boolean def) {
        return Map.of("type", "boolean", "description", description, "default", def);
    }

    static Map<String, Object> integer(String description, int def, int min, int max) {
        return Map.of("type", "integer", "description", description, "default", def, "minimum", min, "maximum", max);
    }

    /** A string restricted to {@code values}; {@code def} may be null (no default). */
    static Map<String, Object> enumeration(String description, List<String> values, String def) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", "string");
        m.put("description", description);
        m.put("enum", values);
        if (def != null) {
            m.put("default", def);
        }
        return m;
    }

    /** An object schema; {@code properties} in declaration order; {@code required} names. */
    static McpSchema.JsonSchema object(Map<String, Object> properties, List<String> required) {
        return new McpSchema.JsonSchema("object", new LinkedHashMap<>(properties), required, false, null, null);
    }

    static McpSchema.ToolAnnotations annotations(String title, boolean readOnly, boolean destructive, boolean idempotent) {
        return new McpSchema.ToolAnnotations(title, readOnly, destructive, idempotent, false, null);
    }

    static final String PROJECT_ID = "Project UUID or name. Omit to use the project of the session's working directory "
            + "(.codebase-mcp/config.json) or the default project.";
}
