package dev.codebasemcp.project;

import java.nio.file.Path;

/** A parsed, valid {@code .codebase-mcp/config.json}. {@code id} and {@code databaseName} may be null. */
public record ProjectConfig(Path file, String name, String id, String databaseName, String description) {}
