package dev.codebasemcp.indexing.scan;

/** A readable UTF-8 text file. {@code sha256} is the lowercase hex SHA-256 of the file's bytes. */
public record SourceFile(String path, long size, long mtimeMillis, String content, String sha256) implements ScanItem {}
