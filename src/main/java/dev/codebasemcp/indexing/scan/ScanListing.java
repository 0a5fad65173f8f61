package dev.codebasemcp.indexing.scan;

import java.util.List;

/** Result of walking a repository: files to read (sorted by path) and entries skipped during the walk. */
public record ScanListing(List<FileEntry> files, List<SkippedFile> skipped) {
    public ScanListing {
        files = List.copyOf(files);
        skipped = List.copyOf(skipped);
    }
}
