package dev.codebasemcp;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot of one indexing job as stored in the job table (the single source of truth).
 *
 * @param warnings     per-file problems (skipped files with their reason), capped; a completed job may carry them
 * @param searchableAt when every file of the run was committed to the lexical index (BM25 finds it); null until then
 * @param embeddedAt   when no chunk of the project lacked a vector any more (semantic search complete); null until then
 */
public record Job(
        String id, String projectId, String projectName, String databaseName, String repoPath, boolean forceReindex,
        JobStatus status, JobPhase phase, double progressPercentage, String progressMessage, String statusMessage,
        JobCounters counters, List<String> warnings, String errorMessage, String errorType,
        Instant createdAt, Instant startedAt, Instant completedAt, Instant cancelledAt, Instant heartbeatAt,
        Long etaSeconds, String workerId, int attempt, Instant searchableAt, Instant embeddedAt) {

    public Job {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(repoPath, "repoPath");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(counters, "counters");
        Objects.requireNonNull(createdAt, "createdAt");
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    public ProjectRef project() {
        return new ProjectRef(projectId, projectName, databaseName);
    }
}
