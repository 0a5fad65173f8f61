package dev.codebasemcp.jobs;

import dev.codebasemcp.InvalidInputException;
import dev.codebasemcp.Job;
import dev.codebasemcp.JobStatus;
import dev.codebasemcp.NotFoundException;
import dev.codebasemcp.ProjectRef;
import dev.codebasemcp.store.JobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * The front of the job system: validates and submits indexing jobs, answers status, lists and cancels. Jobs are
 * rows in the {@link JobStore}; {@link JobWorkers} (in this or any other process on the same store) run them.
 */
public final class JobService {

    private final JobStore jobs;
    private final JobWorkers workers;
    private final Clock clock;

    public JobService(JobStore jobs, JobWorkers workers, Clock clock) {
        this.jobs = jobs;
        this.workers = workers;
        this.clock = clock;
    }

    /** A submitted job and whether an already active job for the same project and repository was returned. */
    public record Submission(Job job, boolean deduplicated) {}

    /**
     * Validates {@code repoPath} synchronously and queues a job (or returns the active one for the same project and
     * repository). Returns at once; the work happens on a worker.
     */
    public Submission submit(ProjectRef project, String repoPath, boolean forceReindex) {
        Path repo = validateRepoPath(repoPath);
        JobStore.CreateResult r = jobs.createOrGetActive(project, repo.toString(), forceReindex, clock.instant());
        if (r.created()) {
            workers.wakeUp();
        }
        return new Submission(r.job(), !r.created());
    }

    /** The repository directory as an absolute real path; throws {@link InvalidInputException} saying what is wrong. */
    public static Path validateRepoPath(String repoPath) {
        if (repoPath == null || repoPath.isBlank()) {
            throw new InvalidInputException("repo_path is required: the absolute path of the repository directory to index");
        }
        if (repoPath.indexOf('\0') >= 0 || repoPath.length() > 4096) {
            throw new InvalidInputException("repo_path is not a valid path");
        }
        Path p;
        try {
            p = Path.of(repoPath);
        } catch (RuntimeException e) {
            throw new InvalidInputException("repo_path '" + repoPath + "' is not a valid path: " + e.getMessage());
        }
        if (!p.isAbsolute()) {
            throw new InvalidInputException("repo_path must be absolute, e.g. /home/me/src/project; got '" + repoPath
                    + "'. Relative paths are ambiguous for a server whose working directory differs from yours.");
        }
        if (!Files.exists(p)) {
            throw new InvalidInputException("repo_path " + p + " does not exist; check the spelling or clone the repository first");
        }
        if (!Files.isDirectory(p)) {
            throw new InvalidInputException("repo_path " + p + " is a file, not a directory; pass the repository's root directory");
        }
        if (!Files.isReadable(p) || !Files.isExecutable(p)) {
            throw new InvalidInputException("repo_path " + p + " is not readable by the server process; fix its permissions");
        }
        try {
            return p.toRealPath();
        } catch (java.io.IOException e) {
            throw new InvalidInputException("repo_path " + p + " cannot be resolved: " + e.getMessage());
        }
    }

    public Job get(String jobId) {
        String id = canonicalJobId(jobId);
        return jobs.get(id).orElseThrow(() -> new NotFoundException("No job with id " + id
                + ". Job ids come from start_indexing_background; list_background_jobs shows recent ones (finished jobs are kept "
                + "for JOB_STATUS_RETENTION_DAYS)."));
    }

    /** Cancels a pending or running job; a finished job is an error naming its state. */
    public Job cancel(String jobId) {
        Job job = get(jobId);
        Instant now = clock.instant();
        for (int attempt = 0; attempt < 3; attempt++) {
            if (job.status().isTerminal()) {
                throw new InvalidInputException("Job " + job.id() + " is already " + job.status().wireName()
                        + " and cannot be cancelled");
            }
            if (jobs.finish(job.id(), job.status(), JobStatus.CANCELLED, "Cancelled on request", null, null,
                    job.counters(), null, now)) {
                workers.cancelLocal(job.id());
                return get(job.id());
            }
            job = get(job.id()); // raced with a claim or a finish: look again
        }
        throw new IllegalStateException("Job " + job.id() + " kept changing state while cancelling");
    }

    public JobStore.JobPage list(JobStatus status, String projectId, String repoPath, int limit, int offset) {
        return jobs.list(status, projectId, repoPath, limit, offset);
    }

    /** The running job of a project, else its oldest pending one. */
    public Optional<Job> activeJob(String projectId) {
        Optional<Job> running = jobs.list(JobStatus.RUNNING, projectId, null, 1, 0).jobs().stream().findFirst();
        return running.isPresent() ? running : jobs.list(JobStatus.PENDING, projectId, null, 1, 0).jobs().stream().findFirst();
    }

    /**
     * Waits until the job is terminal or {@code maxWait} passed, calling {@code onUpdate} with each changed snapshot.
     * Returns the last snapshot.
     */
    public Job await(String jobId, Duration maxWait, Consumer<Job> onUpdate) throws InterruptedException {
        long deadline = System.nanoTime() + maxWait.toNanos();
        Job last = get(jobId);
        onUpdate.accept(last);
        while (!last.status().isTerminal() && System.nanoTime() < deadline) {
            Thread.sleep(Math.min(250, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            Job now = get(jobId);
            if (!now.equals(last)) {
                onUpdate.accept(now);
            }
            last = now;
        }
        return last;
    }

    static String canonicalJobId(String jobId) {
        if (jobId == null || jobId.isBlank()) {
            throw new InvalidInputException("job_id is required: the id returned by start_indexing_background");
        }
        try {
            return UUID.fromString(jobId.strip()).toString();
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("job_id '" + abbreviate(jobId) + "' is not a job id (a UUID like "
                    + "3f2b8c1e-8d4a-4c1e-9a57-2b7f0d1c9e42 returned by start_indexing_background)");
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
