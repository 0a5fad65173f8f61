package dev.codebasemcp.indexing.scan;

/** The outcome of reading one listed file. */
public sealed interface ScanItem permits SourceFile, SkippedFile {
    /** Repo-relative, '/'-separated path. */
    String path();
}
