package dev.codebasemcp.indexing.scan;

/** A file that was not indexed, and why; reported as a job warning. */
public record SkippedFile(String path, SkipReason reason, String detail) implements ScanItem {
    public String describe() {
        return path + ": " + reason.name().toLowerCase(java.util.Locale.ROOT) + (detail == null || detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
