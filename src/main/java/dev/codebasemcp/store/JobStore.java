package dev.codebasemcp.store;

import dev.codebasemcp.Job;
import dev.codebasemcp.JobCounters;
import dev.codebasemcp.JobPhase;
import dev.codebasemcp.JobStatus;
import dev.codebasemcp.ProjectRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The job table. Every state change is a guarded write: a transition that is not forward (see
 * {@link JobStatus#canMoveTo}) or whose expected current state does not match changes nothing and returns false.
 */
public interface JobStore {

    /**
     * Inserts a {@code pending} job, unless an active (pending or running) job for the same project and repository
     * exists: then that one is returned with {@code created=false}. Atomic.
     */
    CreateResult createOrGetActive(ProjectRef project, String repoPath, boolean forceReindex, Instant now);

    record CreateResult(Job job, boolean created) {}

    Optional<Job> get(String jobId);

    /**
     * Atomically claims the oldest pending job whose project has no running job,
     * moving it to {@code running} with this worker id, {@code started_at}/{@code heartbeat_at = now},
     * {@code attempt + 1} and no milestones. Empty when nothing is claimable.
     */
    Optional<Job> claimNext(String workerId, Instant now);

    /** Records progress and the heartbeat; only while the job is {@code running} and owned by {@code workerId}. */
    boolean updateProgress(String jobId, String workerId, JobPhase phase, double percentage, String message,
                           JobCounters counters, Long etaSeconds, Instant now);

    /**
     * Records the job's milestones ({@link Job#searchableAt()}, {@link Job#embeddedAt()}); a null argument leaves that
     * milestone as it is, and a milestone once recorded is kept for the attempt. Only while the job is {@code running}
     * and owned by {@code workerId}. Like {@code started_at}, milestones belong to the attempt: {@link #claimNext}
     * clears them.
     */
    boolean recordMilestones(String jobId, String workerId, Instant searchableAt, Instant embeddedAt);

    /**
     * Moves a job to a terminal state. {@code expected} is the state it must be in now. Sets completed_at (all
     * terminal states) and cancelled_at (cancelled). {@code statusMessage}, {@code errorMessage}, {@code errorType}
     * may be null. Warnings replace the stored list when non-null.
     */
    boolean finish(String jobId, JobStatus expected, JobStatus to, String statusMessage, String errorMessage,
                   String errorType, JobCounters counters, List<String> warnings, Instant now);

    /** Lists jobs newest first. Any filter may be null. */
    JobPage list(JobStatus status, String projectId, String repoPath, int limit, int offset);

    record JobPage(List<Job> jobs, int totalCount) {}

    /** Running jobs whose heartbeat is older than {@code staleBefore} (their process died). */
    List<Job> staleRunning(Instant staleBefore);

    /**
     * Puts a stale running job back to pending so it can be claimed again (crash recovery). This is the one
     * sanctioned backward move and is guarded by the stale heartbeat it observed.
     */
    boolean requeueStale(String jobId, Instant observedHeartbeat, String reason, Instant now);

    /** Deletes terminal jobs completed before {@code cutoff}; returns how many. */
    int deleteFinishedBefore(Instant cutoff);
}
