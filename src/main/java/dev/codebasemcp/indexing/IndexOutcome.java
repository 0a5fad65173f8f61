package dev.codebasemcp.indexing;

import dev.codebasemcp.JobCounters;
import java.util.List;

/**
 * A finished indexing run.
 *
 * @param statusMessage one of: full index, incremental update, up to date, force reindex (with a short summary)
 * @param warnings      per-file problems (skipped files with their reason)
 */
public record IndexOutcome(String repositoryId, JobCounters counters, List<String> warnings, String statusMessage) {}
