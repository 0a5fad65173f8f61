package dev.codebasemcp.indexing.scan;

import java.nio.file.Path;

/** A file found by the walk that passed the ignore rules; not read yet. */
public record FileEntry(Path absolutePath, String path, long size, long mtimeMillis) {}
