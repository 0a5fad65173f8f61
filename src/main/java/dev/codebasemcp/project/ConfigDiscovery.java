package dev.codebasemcp.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.codebasemcp.InvalidInputException;
import dev.codebasemcp.ProjectRef;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Finds the nearest {@code .codebase-mcp/config.json} in a directory or up to {@value #MAX_PARENTS} of its parents
 * and parses it. Parsed files are cached and re-read when their modification time or size changes. A config that
 * exists but is invalid is an {@link InvalidInputException} naming the file and the problem, never skipped.
 */
public final class ConfigDiscovery {

    public static final int MAX_PARENTS = 20;
    static final String DIR = ".codebase-mcp";
    static final String FILE = "config.json";
    private static final Pattern VERSION = Pattern.compile("^\\d+\\.\\d+$");
    private static final Set<String> TOP_LEVEL = Set.of("version", "project", "description", "embedding", "indexing");
    private static final long MAX_CONFIG_BYTES = 64 * 1024;

    private final ObjectMapper json = new ObjectMapper();
    private final ConcurrentHashMap<Path, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(FileTime mtime, long size, ProjectConfig config) {}

    /** The nearest config at or above {@code start}; empty when there is none within the limit. */
    public Optional<ProjectConfig> find(Path start) {
        Path dir = start.toAbsolutePath().normalize();
        for (int i = 0; i <= MAX_PARENTS && dir != null; i++, dir = dir.getParent()) {
            Path candidate = dir.resolve(DIR).resolve(FILE);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(load(candidate));
            }
            if (Files.exists(candidate)) {
                throw new InvalidInputException("Config " + candidate + " is not a regular file; make it a JSON file or remove it");
            }
        }
        return Optional.empty();
    }

    ProjectConfig load(Path file) {
        try {
            FileTime mtime = Files.getLastModifiedTime(file);
            long size = Files.size(file);
            Cached c = cache.get(file);
            if (c != null && c.mtime.equals(mtime) && c.size == size) {
                return c.config;
            }
            if (size > MAX_CONFIG_BYTES) {
                throw invalid(file, "file is larger than 64 KiB");
            }
            ProjectConfig parsed = parse(file, Files.readString(file));
            cache.put(file, new Cached(mtime, size, parsed));
            return parsed;
        } catch (IOException e) {
            throw new InvalidInputException("Config " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    ProjectConfig parse(Path file, String text) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw invalid(file, "not valid JSON (" + e.getOriginalMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw invalid(file, "the top level must be a JSON object");
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!TOP_LEVEL.contains(f)) {
                throw invalid(file, "unknown field '" + f + "' (allowed: version, project, description)");
            }
        }
        JsonNode version = root.get("version");
        if (version == null || !version.isTextual() || !VERSION.matcher(version.asText()).matches()) {
            throw invalid(file, "\"version\" must be a string like \"1.0\"");
        }
        JsonNode project = root.get("project");
        if (project == null || !project.isObject()) {
            throw invalid(file, "\"project\" must be an object with a \"name\"");
        }
        JsonNode name = project.get("name");
        if (name == null || !name.isTextual() || name.asText().isBlank() || name.asText().length() > 255) {
            throw invalid(file, "\"project.name\" is required: a string of 1-255 characters");
        }
        if (name.asText().chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
            throw invalid(file, "\"project.name\" must not contain control characters");
        }
        String id = null;
        JsonNode idNode = project.get("id");
        if (idNode != null && !idNode.isNull()) {
            try {
                id = UUID.fromString(idNode.asText()).toString();
            } catch (IllegalArgumentException e) {
                throw invalid(file, "\"project.id\" must be a UUID, not '" + idNode.asText() + "'");
            }
            if (!idNode.isTextual() || !idNode.asText().toLowerCase(Locale.ROOT).equals(id)) {
                throw invalid(file, "\"project.id\" must be a UUID string like 123e4567-e89b-12d3-a456-426614174000");
            }
        }
        String databaseName = null;
        JsonNode dbNode = project.get("database_name");
        if (dbNode != null && !dbNode.isNull()) {
            databaseName = dbNode.asText();
            if (!dbNode.isTextual() || !ProjectRef.DATABASE_NAME.matcher(databaseName).matches()) {
                throw invalid(file, "\"project.database_name\" must match " + ProjectRef.DATABASE_NAME.pattern());
            }
        }
        JsonNode desc = root.get("description");
        String description = desc == null || desc.isNull() ? null : desc.asText();
        return new ProjectConfig(file, name.asText().strip(), id, databaseName, description);
    }

    private static InvalidInputException invalid(Path file, String problem) {
        return new InvalidInputException("Invalid project config " + file + ": " + problem
                + ". Expected {\"version\": \"1.0\", \"project\": {\"name\": \"my-project\"}}; fix or remove the file.");
    }
}
